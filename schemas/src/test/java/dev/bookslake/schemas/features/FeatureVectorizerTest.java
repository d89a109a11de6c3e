package dev.bookslake.schemas.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureVectorizerTest {
  private static final FeatureContract CONTRACT = FeatureContract.load();

  /** gold.books columns of a known book, typed as the pipeline reads them. */
  static Map<String, Object> travelBook() {
    Map<String, Object> book = new HashMap<>();
    book.put("upc", "a897fe39b1053632");
    book.put("price_excl_tax", new BigDecimal("45.17"));
    book.put("price_incl_tax", new BigDecimal("45.17"));
    book.put("rating", 2);
    book.put("review_count", 0);
    book.put("stock_count", 19);
    book.put("in_stock", true);
    book.put("description_length", 740);
    book.put("title_word_count", 4);
    book.put("days_since_first_seen", 3);
    book.put("category", "Travel");
    return book;
  }

  static Map<String, Object> with(String column, Object value) {
    Map<String, Object> book = travelBook();
    book.put(column, value);
    return book;
  }

  @Test
  void vectorisesAKnownBookInContractOrder() {
    float[] x = CONTRACT.vectorizer().vectorise(travelBook());

    assertThat(x).hasSize(59);
    assertThat(Arrays.copyOfRange(x, 0, 9))
        .containsExactly(
            45.17f,
            2f,
            0f,
            (float) Math.log(20),
            1f,
            (float) Math.log(741),
            4f,
            (float) Math.log(4),
            1f);
    assertThat(Arrays.copyOfRange(x, 9, 59)).as("every other category column").containsOnly(0f);
  }

  @Test
  void unknownCategoriesGoToOtherAndNamesMatchBySlug() {
    FeatureVectorizer v = CONTRACT.vectorizer();
    int other = v.featureNames().indexOf("category__other");
    int sports = v.featureNames().indexOf("category__sports_and_games");

    float[] unknown = v.vectorise(with("category", "Cookery"));
    float[] spelledOtherwise = v.vectorise(with("category", "  sports-and-GAMES "));

    assertThat(unknown[other]).isEqualTo(1f);
    assertThat(sum(unknown, 8)).as("exactly one category column set").isEqualTo(1f);
    assertThat(spelledOtherwise[sports]).isEqualTo(1f);
    assertThat(sum(spelledOtherwise, 8)).isEqualTo(1f);
  }

  @Test
  void namesTheFeatureAndValueWhenOutOfRange() {
    FeatureVectorizer v = CONTRACT.vectorizer();

    assertThatThrownBy(() -> v.vectorise(with("price_excl_tax", -3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot vectorise feature price_excl_tax: -3 is below 0");
    assertThatThrownBy(() -> v.vectorise(with("rating", 6)))
        .hasMessage("Cannot vectorise feature rating: 6 is above 5");
    assertThatThrownBy(() -> v.vectorise(with("review_count", Double.NaN)))
        .hasMessage("Cannot vectorise feature review_count: NaN is not a finite number");
  }

  @Test
  void namesTheFeatureWhenAColumnIsMissingOrOfTheWrongType() {
    FeatureVectorizer v = CONTRACT.vectorizer();
    Map<String, Object> noStock = travelBook();
    noStock.remove("stock_count");

    assertThatThrownBy(() -> v.vectorise(noStock))
        .hasMessage("Cannot vectorise feature stock_count: column stock_count is missing or null");
    assertThatThrownBy(() -> v.vectorise(with("price_excl_tax", "45.17")))
        .hasMessage(
            "Cannot vectorise feature price_excl_tax: expected a number in column price_excl_tax, got String \"45.17\"");
    assertThatThrownBy(() -> v.vectorise(with("in_stock", "yes")))
        .hasMessage(
            "Cannot vectorise feature in_stock: expected a boolean in column in_stock, got String \"yes\"");
    assertThatThrownBy(() -> v.vectorise(with("category", 7)))
        .hasMessage(
            "Cannot vectorise feature category: expected a string in column category, got Integer \"7\"");
    assertThatThrownBy(() -> v.vectorise(with("category", " ")))
        .hasMessage("Cannot vectorise feature category: column category is blank");
  }

  @Test
  void aTargetsVectorizerLeavesOutItsLeakyFeaturesAndNeedsNoneOfTheirColumns() {
    Map<String, Object> withoutPrices = travelBook();
    withoutPrices.remove("price_excl_tax");
    withoutPrices.remove("price_incl_tax");
    Map<String, Object> withoutRating = travelBook();
    withoutRating.remove("rating");
    float[] all = CONTRACT.vectorizer().vectorise(travelBook());

    float[] forPrice = CONTRACT.vectorizer("price").vectorise(withoutPrices);
    float[] forRating = CONTRACT.vectorizer("rating").vectorise(withoutRating);

    assertThat(forPrice).containsExactly(Arrays.copyOfRange(all, 1, 59));
    assertThat(forRating[0]).isEqualTo(45.17f);
    assertThat(Arrays.copyOfRange(forRating, 1, 58))
        .containsExactly(Arrays.copyOfRange(all, 2, 59));
    assertThat(CONTRACT.vectorizer("price").target()).map(Target::name).contains("price");
  }

  @Test
  void targetsTurnTrueValuesIntoLabels() {
    Target rating = CONTRACT.target("rating");
    Target price = CONTRACT.target("price");

    assertThat(rating.label(1)).isEqualTo(0f);
    assertThat(rating.label(5)).isEqualTo(4f);
    assertThat(price.label(new BigDecimal("51.77"))).isEqualTo(51.77f);
    assertThatThrownBy(() -> rating.label(6))
        .hasMessage("Cannot label target rating: 6 is not one of [1, 2, 3, 4, 5]");
    assertThatThrownBy(() -> price.label(new BigDecimal("-1.00")))
        .hasMessage("Cannot label target price: -1.00 is below 0");
    assertThatThrownBy(() -> price.label(null))
        .hasMessage("Cannot label target price: column price_incl_tax is missing or null");
  }

  private static float sum(float[] x, int from) {
    float total = 0;
    for (int i = from; i < x.length; i++) {
      total += x[i];
    }
    return total;
  }

  @Test
  void aPartialBookIsNaNInEverySlotOfEachMissingFeatureAndNamesThem() {
    FeatureVectorizer v = CONTRACT.vectorizer("price");
    Map<String, Object> known = new HashMap<>();
    known.put("rating", 4);
    known.put("category", "Fiction");
    known.put("in_stock", true);
    known.put("review_count", null);

    FeatureVectorizer.Partial p = v.vectorisePartial(known);

    assertThat(p.missing())
        .containsExactly(
            "review_count",
            "stock_count",
            "description_length",
            "title_word_count",
            "days_since_first_seen");
    float[] full = v.vectorise(with("category", "Fiction"));
    for (int i = 0; i < v.width(); i++) {
      String name = v.featureNames().get(i);
      if (name.equals("rating") || name.equals("in_stock") || name.startsWith("category__")) {
        assertThat(p.vector()[i]).as(name).isEqualTo(name.equals("rating") ? 4f : full[i]);
      } else {
        assertThat(p.vector()[i]).as(name).isNaN();
      }
    }
  }

  @Test
  void aMissingCategoryIsNaNInEveryOneHotSlotNotAllZero() {
    FeatureVectorizer v = CONTRACT.vectorizer("rating");
    Map<String, Object> book = travelBook();
    book.remove("category");

    FeatureVectorizer.Partial p = v.vectorisePartial(book);

    assertThat(p.missing()).containsExactly("category");
    int first = v.featureNames().indexOf("category__travel");
    assertThat(Arrays.copyOfRange(p.vector(), first, v.width()))
        .hasSize(51)
        .containsOnly(Float.NaN);
    assertThat(Arrays.copyOfRange(p.vector(), 0, first))
        .containsExactly(Arrays.copyOfRange(v.vectorise(travelBook()), 0, first));
  }

  @Test
  void aCompleteBookVectorisesPartiallyExactlyAsStrictly() {
    FeatureVectorizer v = CONTRACT.vectorizer();

    FeatureVectorizer.Partial p = v.vectorisePartial(travelBook());

    assertThat(p.missing()).isEmpty();
    assertThat(p.vector()).containsExactly(v.vectorise(travelBook()));
  }

  @Test
  void givenValuesOfAPartialBookKeepEveryCheckAndTheStrictPathStaysStrict() {
    FeatureVectorizer v = CONTRACT.vectorizer("rating");

    assertThatThrownBy(() -> v.vectorisePartial(Map.of("price_excl_tax", -3)))
        .hasMessage("Cannot vectorise feature price_excl_tax: -3 is below 0");
    assertThatThrownBy(() -> v.vectorisePartial(Map.of("in_stock", "yes")))
        .hasMessageContaining("Cannot vectorise feature in_stock: expected a boolean");
    assertThatThrownBy(() -> v.vectorisePartial(Map.of("category", " ")))
        .hasMessage("Cannot vectorise feature category: column category is blank");
    assertThatThrownBy(() -> v.vectorise(Map.of("category", "Poetry")))
        .hasMessage(
            "Cannot vectorise feature price_excl_tax: column price_excl_tax is missing or null");
  }
}
