package dev.bookslake.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlugsTest {

  // Pairs of titles and slugs as they appear on books.toscrape.com.
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "A Light in the Attic | a-light-in-the-attic",
        "It's Only the Himalayas | its-only-the-himalayas",
        "So You've Been Publicly Shamed | so-youve-been-publicly-shamed",
        "Sapiens: A Brief History of Humankind | sapiens-a-brief-history-of-humankind",
        "Our Band Could Be Your Life: Scenes from the American Indie Underground, 1981-1991"
            + " | our-band-could-be-your-life-scenes-from-the-american-indie-underground-1981-1991",
        "The Star-Touched Queen | the-star-touched-queen",
        "At The Existentialist Café: Freedom, Being, and apricot cocktails"
            + " | at-the-existentialist-cafe-freedom-being-and-apricot-cocktails",
        "Tipping the Velvet & Other Tales | tipping-the-velvet-other-tales",
        "'\"Most Blessed of the Patriarchs\": Thomas Jefferson' | most-blessed-of-the-patriarchs-thomas-jefferson",
        "Add a comment | add-a-comment",
        "Zoë's Reykjavík (The Map Chronicles #3) | zoes-reykjavik-the-map-chronicles-3",
        "  Spaces -- and  dashes - | spaces-and-dashes"
      })
  void slugifiesLikeDjango(String title, String slug) {
    assertThat(Slugs.slugify(title)).isEqualTo(slug);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "A Light in the Attic | A Light in the ...",
        "It's Only the Himalayas | It's Only the Himalayas",
        "Sapiens: A Brief History of Humankind | Sapiens: A Brief History ...",
        "Olio | Olio",
        "The Coming Woman: A Novel Based on the Life | The Coming Woman: A ..."
      })
  void truncatesLinkTextToFourWords(String title, String text) {
    assertThat(Slugs.truncateWords(title, 4)).isEqualTo(text);
  }
}
