package dev.bookslake.ml.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bookslake.schemas.features.FeatureContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftTest {
  private static final FeatureContract CONTRACT = FeatureContract.load();

  private static List<float[]> books(int n, long seed, double priceFactor, String category) {
    var vectorizer = CONTRACT.vectorizer("rating");
    Random random = new Random(seed);
    List<float[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(
          vectorizer.vectorise(
              Map.of(
                  "price_excl_tax",
                  (10 + random.nextDouble() * 50) * priceFactor,
                  "review_count",
                  0,
                  "stock_count",
                  random.nextInt(22),
                  "in_stock",
                  random.nextInt(10) > 0,
                  "description_length",
                  200 + random.nextInt(1500),
                  "title_word_count",
                  1 + random.nextInt(8),
                  "days_since_first_seen",
                  0,
                  "category",
                  category != null ? category : (random.nextBoolean() ? "Travel" : "Poetry"))));
    }
    return rows;
  }

  private static Map<String, Drift.FeatureDrift> drift(
      List<float[]> training, List<float[]> current) {
    var features = CONTRACT.features("rating");
    List<FeatureStatistics> stats = FeatureStatistics.of(features, training);
    Map<String, Drift.FeatureDrift> out = new java.util.HashMap<>();
    int offset = 0;
    for (int i = 0; i < features.size(); i++) {
      double[] values = FeatureStatistics.values(features.get(i), offset, current);
      out.put(features.get(i).name(), Drift.compare(stats.get(i), values));
      offset += features.get(i).width();
    }
    return out;
  }

  @Test
  void sameDistributionIsNotFlagged() {
    var report = drift(books(2000, 1, 1, null), books(500, 2, 1, null));
    assertThat(report.values()).allSatisfy(d -> assertThat(d.band()).isEqualTo(Drift.Band.NONE));
    assertThat(report.get("price_excl_tax").ksPValue()).isGreaterThan(0.01);
  }

  @Test
  void tripledPricesAreSignificantDriftOnPriceOnly() {
    var report = drift(books(2000, 1, 1, null), books(500, 2, 3, null));
    Drift.FeatureDrift price = report.get("price_excl_tax");
    assertThat(price.band()).isEqualTo(Drift.Band.SIGNIFICANT);
    assertThat(price.drifted()).isTrue();
    assertThat(price.ksStatistic()).isGreaterThan(0.5);
    assertThat(price.ksPValue()).isLessThan(1e-6);
    assertThat(price.currentMean()).isCloseTo(3 * price.referenceMean(), within(10.0));
    assertThat(report.get("stock_count").band()).isEqualTo(Drift.Band.NONE);
    assertThat(report.values())
        .filteredOn(Drift.FeatureDrift::drifted)
        .extracting(Drift.FeatureDrift::feature)
        .containsExactly("price_excl_tax");
  }

  @Test
  void aCategoryUnseenInTrainingIsSignificantDrift() {
    var report = drift(books(2000, 1, 1, null), books(300, 2, 1, "Horror"));
    assertThat(report.get("category").band()).isEqualTo(Drift.Band.SIGNIFICANT);
    assertThat(report.get("category").drifted()).isTrue();
    assertThat(report.get("category").pValue()).isLessThan(1e-10);
    assertThat(report.get("category").ksStatistic()).isNaN();
  }

  @Test
  void aSmallCatalogueOfManyCategoriesIsNotDriftAgainstItsOwnTrainingSplit() {
    List<String> categories = CONTRACT.feature("category").vocabulary();
    var vectorizer = CONTRACT.vectorizer("rating");
    Random random = new Random(7);
    List<float[]> books = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      books.add(
          vectorizer.vectorise(
              Map.of(
                  "price_excl_tax",
                  10 + random.nextDouble() * 50,
                  "review_count",
                  0,
                  "stock_count",
                  random.nextInt(22),
                  "in_stock",
                  true,
                  "description_length",
                  500,
                  "title_word_count",
                  3,
                  "days_since_first_seen",
                  0,
                  "category",
                  categories.get(random.nextInt(categories.size())))));
    }
    var report = drift(books.subList(0, 80), books);
    assertThat(report.get("category").band()).isNotEqualTo(Drift.Band.SIGNIFICANT);
  }

  /** A books.toscrape-like skew: a few large categories and a long tail of small ones. */
  private static List<float[]> skewedBooks(int n, long seed) {
    List<String> categories = CONTRACT.feature("category").vocabulary();
    var vectorizer = CONTRACT.vectorizer("rating");
    Random random = new Random(seed);
    List<float[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c =
          (int) Math.min(categories.size() - 1, Math.floor(-Math.log(1 - random.nextDouble()) * 8));
      rows.add(
          vectorizer.vectorise(
              Map.of(
                  "price_excl_tax",
                  10 + random.nextDouble() * 50,
                  "review_count",
                  0,
                  "stock_count",
                  random.nextInt(22),
                  "in_stock",
                  random.nextInt(20) > 0,
                  "description_length",
                  100 + random.nextInt(3000),
                  "title_word_count",
                  1 + random.nextInt(12),
                  "days_since_first_seen",
                  0,
                  "category",
                  categories.get(c))));
    }
    return rows;
  }

  @Test
  void freshSamplesFromTheTrainingDistributionAreNotDriftAtAnySize() {
    List<float[]> training = skewedBooks(800, 1);
    int psiAlarms = 0;
    for (int size : new int[] {50, 100, 200, 400}) {
      for (long seed = 10; seed < 20; seed++) {
        var report = drift(training, skewedBooks(size, seed * 31 + size));
        assertThat(report.values())
            .as("%d rows, seed %d", size, seed)
            .noneMatch(Drift.FeatureDrift::drifted);
        psiAlarms +=
            (int) report.values().stream().filter(d -> d.band() == Drift.Band.SIGNIFICANT).count();
      }
    }
    // PSI alone would have raised alarms on unchanged data: the test is what keeps them quiet.
    assertThat(psiAlarms).isPositive();
  }

  @Test
  void chiSquareSurvivalMatchesTheTables() {
    // the 5% critical values of the chi-square distribution for 1, 2 and 10 degrees of freedom
    assertThat(Drift.upperRegularizedGamma(0.5, 3.841 / 2)).isCloseTo(0.05, within(1e-4));
    assertThat(Drift.upperRegularizedGamma(1, 5.991 / 2)).isCloseTo(0.05, within(1e-4));
    assertThat(Drift.upperRegularizedGamma(5, 18.307 / 2)).isCloseTo(0.05, within(1e-4));
    assertThat(Drift.upperRegularizedGamma(5, 2.558 / 2)).isCloseTo(0.99, within(1e-4));
  }

  @Test
  void psiMatchesTheTextbookFormula() {
    double[] expected = {0.5, 0.5};
    double[] actual = {0.7, 0.3};
    double textbook = (0.7 - 0.5) * Math.log(0.7 / 0.5) + (0.3 - 0.5) * Math.log(0.3 / 0.5);
    assertThat(Drift.psi(expected, actual)).isCloseTo(textbook, within(1e-12));
    assertThat(Drift.psi(expected, expected)).isZero();
  }

  @Test
  void bandsFollowTheUsualThresholds() {
    assertThat(Drift.Band.of(0.05)).isEqualTo(Drift.Band.NONE);
    assertThat(Drift.Band.of(0.1)).isEqualTo(Drift.Band.MODERATE);
    assertThat(Drift.Band.of(0.2)).isEqualTo(Drift.Band.SIGNIFICANT);
  }

  @Test
  void quantileBinsHoldAboutATenthOfTrainingEach() {
    double[] values = new Random(3).doubles(10_000).toArray();
    FeatureStatistics stats = FeatureStatistics.continuous("x", values);
    assertThat(stats.binEdges()).hasSize(9);
    assertThat(stats.binFractions()).allSatisfy(f -> assertThat(f).isCloseTo(0.1, within(0.002)));
    assertThat(stats.percentiles()).hasSize(101);
    assertThat(stats.mean()).isCloseTo(0.5, within(0.01));
  }

  /** The same books as a client knowing only some columns sends them: the rest is missing. */
  private static List<float[]> withMissing(List<float[]> rows, double share, long seed) {
    var vectorizer = CONTRACT.vectorizer("rating");
    int price = vectorizer.featureNames().indexOf("price_excl_tax");
    int category = vectorizer.featureNames().indexOf("category__travel");
    Random random = new Random(seed);
    List<float[]> out = new ArrayList<>();
    for (float[] row : rows) {
      float[] copy = row.clone();
      if (random.nextDouble() < share) {
        copy[price] = Float.NaN;
        java.util.Arrays.fill(copy, category, copy.length, Float.NaN);
      }
      out.add(copy);
    }
    return out;
  }

  @Test
  void missingValuesAreSkippedPerFeatureNotCountedAsZero() {
    List<float[]> training = books(2000, 1, 1, null);
    List<float[]> current = withMissing(books(500, 2, 1, null), 0.6, 3);
    long present =
        current.stream()
            .filter(
                r ->
                    !Float.isNaN(
                        r[CONTRACT.vectorizer("rating").featureNames().indexOf("price_excl_tax")]))
            .count();

    var report = drift(training, current);

    assertThat(present).isBetween(150L, 250L);
    assertThat(report.get("price_excl_tax").currentRows()).isEqualTo(present);
    assertThat(report.get("category").currentRows()).isEqualTo(present);
    assertThat(report.get("stock_count").currentRows()).as("given in every row").isEqualTo(500);
    assertThat(report.values()).noneMatch(Drift.FeatureDrift::drifted);
    assertThat(report.get("price_excl_tax").currentMean())
        .as("a mean of the prices given, not pulled to 0 by the missing ones")
        .isGreaterThan(25);
    // Read as 0, the missing prices and categories (slot 0 is Travel) would be a large shift.
    List<float[]> asZero = new ArrayList<>();
    for (float[] row : current) {
      float[] copy = row.clone();
      for (int i = 0; i < copy.length; i++) {
        copy[i] = Float.isNaN(copy[i]) ? 0f : copy[i];
      }
      asZero.add(copy);
    }
    assertThat(drift(training, asZero).get("price_excl_tax").drifted()).isTrue();
  }

  @Test
  void aFeatureNoCurrentRowHasIsNotComparedNorDrifted() {
    var report = drift(books(2000, 1, 1, null), withMissing(books(100, 2, 1, null), 1.0, 4));

    Drift.FeatureDrift price = report.get("price_excl_tax");
    assertThat(price.currentRows()).isZero();
    assertThat(price.drifted()).isFalse();
    assertThat(price.psi()).isZero();
    assertThat(price.pValue()).isEqualTo(1);
    assertThat(price.currentMean()).isNaN();
  }
}
