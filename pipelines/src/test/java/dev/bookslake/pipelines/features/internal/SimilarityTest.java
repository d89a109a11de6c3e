package dev.bookslake.pipelines.features.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Similarity}, {@link BookProfile} and {@link TextTerms}. */
class SimilarityTest {
  static BookProfile profile(
      String upc,
      String category,
      double price,
      int rating,
      String title,
      String description,
      Map<String, Long> frequencies,
      long documents) {
    return BookProfile.of(
        upc,
        1,
        category,
        price,
        rating,
        TextTerms.counts(title, description),
        frequencies,
        documents);
  }

  static BookProfile profile(String upc, String category, double price, int rating, String title) {
    return profile(upc, category, price, rating, title, null, Map.of(), 100);
  }

  @Test
  void termsAreLowerCaseWordsWithoutStopWordsAndTitleWordsCountTwice() {
    assertThat(
            TextTerms.counts("It's Only the Himalayas", "The Himalayas, best seen in May ...more"))
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(Map.of("best", 1, "himalayas", 3, "may", 1, "seen", 1)));
  }

  @Test
  void identicalBooksScoreOne() {
    BookProfile a = profile("a", "Travel", 20.0, 4, "Himalaya Trekking");
    BookProfile b = profile("b", "Travel", 20.0, 4, "Himalaya Trekking");

    assertThat(Similarity.of(a, b).score()).isEqualTo(1.0);
    assertThat(Similarity.of(a, b).textSimilarity()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void scoreWeighsCategoryPriceRatingAndText() {
    BookProfile a = profile("a", "Travel", 10.0, 1, "Himalaya Trekking");
    BookProfile b = profile("b", "Poetry", 20.0, 5, "Sea Poems");
    BookProfile c = profile("c", "Travel", 15.0, 2, "Sea Poems");

    assertThat(Similarity.of(a, b).score())
        .as("only price: 0.20 * (1 - 10/20)")
        .isCloseTo(0.10, within(1e-12));
    assertThat(Similarity.of(a, c).score())
        .as("category + price + rating")
        .isCloseTo(0.25 + 0.20 * (1 - 5.0 / 15) + 0.15 * 0.75, within(1e-12));
    assertThat(Similarity.of(b, c).score())
        .as("text + price + rating")
        .isCloseTo(0.40 + 0.20 * 0.75 + 0.15 * 0.25, within(1e-12));
    assertThat(Similarity.of(a, c).score()).isEqualTo(Similarity.of(c, a).score());
  }

  @Test
  void rareSharedWordsCountMoreThanCommonOnes() {
    Map<String, Long> frequencies = Map.of("guide", 90L, "himalaya", 2L, "sea", 2L);
    BookProfile guide = profile("a", "Travel", 20.0, 4, "Himalaya Guide", null, frequencies, 100);
    BookProfile himalaya = profile("b", "Travel", 20.0, 4, "Himalaya", null, frequencies, 100);
    BookProfile commonOnly = profile("c", "Travel", 20.0, 4, "Guide", null, frequencies, 100);

    assertThat(Similarity.text(guide, himalaya)).isGreaterThan(Similarity.text(guide, commonOnly));
    assertThat(Similarity.text(himalaya, commonOnly)).isZero();
  }
}
