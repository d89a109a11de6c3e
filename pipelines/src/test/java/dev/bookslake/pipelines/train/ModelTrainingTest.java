package dev.bookslake.pipelines.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.drift.FeatureStatistics;
import dev.bookslake.ml.registry.AliasChange;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.pipelines.common.xgboost.Boosters;
import dev.bookslake.pipelines.testing.MlLakes;
import dev.bookslake.pipelines.testing.MlLakes.Labels;
import dev.bookslake.schemas.features.Feature;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on small lakes written by {@link MlLakes}: xgboost4j for real, no Beam. */
class ModelTrainingTest {
  private static final LocalDate DT = LocalDate.parse("2026-02-01");
  private static final int BOOKS = 300;

  @TempDir Path root;

  private Lake lake(Labels labels) {
    Lake lake = Lake.at(root);
    MlLakes.write(lake, DT, MlLakes.books(BOOKS, 11, labels));
    return lake;
  }

  private static TrainingReport train(Lake lake, LocalDate dt, String target, boolean promote) {
    return ModelTraining.train(lake, dt, target, "", promote, CandidateSpec.DEFAULTS);
  }

  @Test
  void aLearnableRatingBeatsTheBaselineAndIsRegisteredWithItsMetadata() {
    Lake lake = lake(Labels.LEARNABLE);
    TrainingReport report = train(lake, DT, "rating", false);

    assertThat(report.beatsBaseline()).isTrue();
    assertThat(report.metrics().get("accuracy"))
        .as("rating = title_word_count is learnt exactly")
        .isEqualTo(1.0);
    assertThat(report.toString())
        .endsWith(
            "rating v1 BEATS the baseline on "
                + report.testRows()
                + " held-out rows: accuracy 1.0000 vs "
                + String.format(
                    java.util.Locale.ROOT, "%.4f", report.baselineMetrics().get("accuracy"))
                + " (few held-out rows: a margin this small can be chance).");

    ModelMetadata m = ModelRegistry.in(lake).version("rating", 1).orElseThrow().metadata();
    assertThat(m.featureContractHash()).isEqualTo(MlLakes.CONTRACT.hash());
    assertThat(m.featureNames())
        .isEqualTo(MlLakes.CONTRACT.featureNames("rating"))
        .doesNotContain("rating")
        .contains("price_excl_tax");
    assertThat(m.classes()).containsExactly(1, 2, 3, 4, 5);
    assertThat(m.task()).isEqualTo("classification");
    assertThat(m.selectionMetric()).isEqualTo("accuracy");
    assertThat(m.params())
        .containsEntry("objective", "multi:softprob")
        .containsEntry("num_class", 5);
    assertThat(m.candidates())
        .extracting(ModelMetadata.Candidate::name)
        .containsExactly("baseline", "depth3-n50-lr0.2", "depth4-n100-lr0.1", "depth6-n200-lr0.05");
    assertThat(m.baselineMetrics()).isEqualTo(report.baselineMetrics());
    assertThat(m.beatsBaseline()).isTrue();
    assertThat(m.trainRows())
        .as("the registered model learnt from the fit rows only")
        .isEqualTo(report.fitRows());
    assertThat(report.fitRows() + report.validationRows() + report.testRows()).isEqualTo(BOOKS);
    assertThat(m.testRows()).isEqualTo(report.testRows()).isBetween(30L, 90L);
    assertThat(report.validationRows()).as("about a fifth of the train rows").isBetween(25, 75);
    assertThat(m.params())
        .containsEntry("fit_rows", report.fitRows())
        .containsEntry("validation_rows", report.validationRows());
    assertThat(m.trainingDt()).isEqualTo("2026-02-01");
    assertThat(m.featureStatistics())
        .extracting(FeatureStatistics::feature)
        .isEqualTo(MlLakes.CONTRACT.features("rating").stream().map(Feature::name).toList());
    assertThat(m.featureStatistics())
        .allSatisfy(s -> assertThat(s.count()).isEqualTo(m.trainRows()));
    assertThat(ModelRegistry.in(lake).aliases("rating"))
        .as("registered only, without the flag")
        .isEmpty();
  }

  @Test
  void thePriceModelNeverSeesThePriceAndReportsRegressionMetrics() {
    Lake lake = lake(Labels.LEARNABLE);
    TrainingReport report = train(lake, DT, "price", false);

    ModelMetadata m = ModelRegistry.in(lake).version("price", 1).orElseThrow().metadata();
    assertThat(m.featureNames())
        .doesNotContain("price_excl_tax")
        .contains("rating", "title_word_count");
    assertThat(m.metrics()).containsOnlyKeys("rmse", "mae", "r2", "validation_rmse");
    assertThat(m.selectionMetric()).isEqualTo("rmse");
    assertThat(m.classes()).isNull();
    assertThat(report.beatsBaseline()).isTrue();
    assertThat(m.metrics().get("rmse")).isLessThan(m.baselineMetrics().get("rmse") / 5);
  }

  @Test
  void aRandomTargetIsReportedAsNotBeatingTheBaseline() {
    Lake lake = lake(Labels.RANDOM);
    TrainingReport report = train(lake, DT, "price", false);

    assertThat(report.beatsBaseline()).isFalse();
    assertThat(report.toString())
        .contains(
            "price v1 does NOT beat the baseline on " + report.testRows() + " held-out rows: rmse ")
        .contains("no better than answering 'always the mean ");
    assertThat(ModelRegistry.in(lake).version("price", 1).orElseThrow().metadata().beatsBaseline())
        .isFalse();
  }

  @Test
  void trainingIsDeterministic() {
    Lake lake = lake(Labels.RANDOM);
    TrainingReport first = train(lake, DT, "rating", false);
    TrainingReport second = train(lake, DT, "rating", false);
    assertThat(second.candidates())
        .extracting(ModelMetadata.Candidate::metrics)
        .isEqualTo(first.candidates().stream().map(ModelMetadata.Candidate::metrics).toList());
  }

  @Test
  void promoteIfBetterPromotesTheFirstKeepsTheBetterAndRecordsWhy() {
    Lake lake = Lake.at(root);
    LocalDate noisy = DT;
    LocalDate clean = DT.plusDays(1);
    LocalDate noisyAgain = DT.plusDays(2);
    MlLakes.write(lake, noisy, MlLakes.books(BOOKS, 11, Labels.SHUFFLED_TRAIN));
    MlLakes.write(lake, clean, MlLakes.books(BOOKS, 11, Labels.LEARNABLE));
    MlLakes.write(lake, noisyAgain, MlLakes.books(BOOKS, 11, Labels.SHUFFLED_TRAIN));
    ModelRegistry registry = ModelRegistry.in(lake);

    TrainingReport v1 = train(lake, noisy, "rating", true);
    assertThat(v1.promotion().promoted()).isTrue();
    assertThat(v1.promotion().reason())
        .startsWith("no production model yet; v1 accuracy ")
        .endsWith(
            v1.beatsBaseline() ? "dt=2026-02-01" : "dt=2026-02-01 (it does not beat the baseline)");

    TrainingReport v2 = train(lake, clean, "rating", true);
    assertThat(v2.promotion().promoted()).as(v2.toString()).isTrue();
    assertThat(v2.promotion().previousVersion()).isEqualTo(1);
    assertThat(v2.promotion().reason()).startsWith("accuracy v2 1.0000 vs production v1 0.");

    TrainingReport v3 = train(lake, noisyAgain, "rating", true);
    assertThat(v3.promotion().promoted()).as(v3.toString()).isFalse();
    assertThat(v3.promotion().reason())
        .contains(" vs production v2 1.0000 on the same ")
        .endsWith("not better)");
    assertThat(v3.promotion().previousVersion()).isEqualTo(2);
    assertThat(v3.toString()).contains("Not promoted: accuracy v3 ");

    assertThat(registry.aliases("rating")).containsExactly(Map.entry("production", 2));
    List<AliasChange> history = registry.history("rating");
    assertThat(history).extracting(AliasChange::toVersion).containsExactly(1, 2);
    assertThat(history).extracting(AliasChange::actor).containsOnly(ModelTraining.ACTOR);
    assertThat(history.get(1).reason()).isEqualTo(v2.promotion().reason());
  }

  @Test
  void theWinnerIsChosenOnValidationRowsAndTheTestRowsPlayNoPartInTheChoice() {
    List<MlLakes.FixtureBook> books = MlLakes.books(BOOKS, 11, Labels.LEARNABLE);
    Lake truthful = Lake.at(root.resolve("truthful"));
    MlLakes.write(truthful, DT, books);
    // The same books with every test row's rating replaced by noise: train rows are untouched.
    java.util.Random noise = new java.util.Random(5);
    Lake noisyTest = Lake.at(root.resolve("noisy-test"));
    MlLakes.write(
        noisyTest,
        DT,
        books.stream()
            .map(
                b ->
                    b.split().equals("test")
                        ? new MlLakes.FixtureBook(
                            b.upc(), b.siteId(), b.columns(), 1 + noise.nextInt(5), b.price())
                        : b)
            .toList());

    TrainingReport first = train(truthful, DT, "rating", false);
    TrainingReport second = train(noisyTest, DT, "rating", false);

    String ranked = ModelTraining.VALIDATION + "accuracy";
    ModelMetadata.Candidate bestOnValidation =
        first.candidates().stream()
            .skip(1)
            .reduce((a, b) -> b.metrics().get(ranked) > a.metrics().get(ranked) ? b : a)
            .orElseThrow();
    assertThat(first.selected()).isEqualTo(bestOnValidation.name());
    assertThat(second.selected())
        .as("test labels changed, the choice did not")
        .isEqualTo(first.selected());
    assertThat(second.candidates())
        .extracting(c -> c.metrics().get(ranked))
        .isEqualTo(first.candidates().stream().map(c -> c.metrics().get(ranked)).toList());
    assertThat(second.metrics().get("accuracy"))
        .as("the reported metrics are the test rows'")
        .isLessThan(first.metrics().get("accuracy"));
    assertThat(ModelRegistry.in(truthful).version("rating", 1).orElseThrow().metadata().metrics())
        .isEqualTo(first.metrics())
        .containsKeys("accuracy", "macro_f1", "mae", ranked);
  }

  @Test
  void promoteIfBetterByRmseKeepsTheLowerRmse() {
    Lake lake = Lake.at(root);
    LocalDate noisy = DT;
    LocalDate clean = DT.plusDays(1);
    LocalDate noisyAgain = DT.plusDays(2);
    MlLakes.write(lake, noisy, MlLakes.books(BOOKS, 11, Labels.SHUFFLED_TRAIN));
    MlLakes.write(lake, clean, MlLakes.books(BOOKS, 11, Labels.LEARNABLE));
    MlLakes.write(lake, noisyAgain, MlLakes.books(BOOKS, 11, Labels.SHUFFLED_TRAIN));

    TrainingReport v1 = train(lake, noisy, "price", true);
    TrainingReport v2 = train(lake, clean, "price", true);
    assertThat(v2.metrics().get("rmse"))
        .as("the fixture: v2 is the better model")
        .isLessThan(v1.metrics().get("rmse"));
    assertThat(v2.promotion().promoted()).as("lower rmse wins: " + v2).isTrue();
    assertThat(v2.promotion().reason()).startsWith("rmse v2 ").contains(" vs production v1 ");

    TrainingReport v3 = train(lake, noisyAgain, "price", true);
    assertThat(v3.metrics().get("rmse"))
        .as("the fixture: v3 is worse")
        .isGreaterThan(v2.metrics().get("rmse"));
    assertThat(v3.promotion().promoted()).as("higher rmse loses: " + v3).isFalse();
    assertThat(v3.promotion().reason()).endsWith("(rmse lower is better; not better)");
    assertThat(ModelRegistry.in(lake).aliases("price")).containsExactly(Map.entry("production", 2));
  }

  @Test
  void aPromotionIsNotMadeWhenProductionMovedAfterTheComparison() {
    Lake lake = Lake.at(root);
    MlLakes.write(lake, DT, MlLakes.books(BOOKS, 11, Labels.SHUFFLED_TRAIN));
    MlLakes.write(lake, DT.plusDays(1), MlLakes.books(BOOKS, 11, Labels.LEARNABLE));
    ModelRegistry registry = ModelRegistry.in(lake);
    train(lake, DT, "rating", true);
    TrainingReport v2 = train(lake, DT.plusDays(1), "rating", false);
    TrainingReport v3 = train(lake, DT.plusDays(1), "rating", false);
    ModelVersion candidate = registry.version("rating", v3.version()).orElseThrow();
    TrainingSet data = TrainingSet.read(lake, DT.plusDays(1), MlLakes.CONTRACT, "rating");

    ModelTraining.Decision decision =
        ModelTraining.decide(
            registry, candidate, data, SelectionMetric.ACCURACY, v3.metrics(), v3.beatsBaseline());
    assertThat(decision.promote()).isTrue();
    assertThat(decision.expected()).as("compared against v1").isEqualTo(1);
    // Another run promotes v2 between this run's comparison and its promotion.
    registry.promote(
        "rating", v2.version(), ModelRegistry.PRODUCTION, "someone else", "their own comparison");
    Promotion promotion = ModelTraining.apply(registry, candidate, decision);

    assertThat(promotion.promoted()).isFalse();
    assertThat(promotion.previousVersion()).isEqualTo(2);
    assertThat(promotion.reason())
        .startsWith(
            "production moved to v2 meanwhile (this run compared against v1: "
                + "accuracy v3 1.0000 vs production v1 ");
    assertThat(registry.aliases("rating")).containsExactly(Map.entry("production", 2));
    assertThat(registry.history("rating")).extracting(AliasChange::toVersion).containsExactly(1, 2);
  }

  @Test
  void noCandidatesIsRefusedWithTheValue() {
    Lake lake = lake(Labels.LEARNABLE);
    assertThatThrownBy(() -> ModelTraining.train(lake, DT, "rating", "", false, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot train rating without XGBoost candidates: []");
  }

  @Test
  void aBoosterLoadedFromTheRegistryPredictsExactlyWhatTheTrainedOneDid() {
    Lake lake = lake(Labels.RANDOM);
    TrainingSet data = TrainingSet.read(lake, DT, MlLakes.CONTRACT, "rating");
    CandidateSpec spec = CandidateSpec.DEFAULTS.get(1);
    Booster trained =
        Boosters.train(
            data.fit().x(),
            data.fit().labels(),
            spec.params(MlLakes.CONTRACT.target("rating")),
            spec.rounds());
    Path file = root.resolve("model.json");
    Boosters.save(trained, file);
    ModelVersion registered = ModelRegistry.in(lake).register("rating", file, metadata());

    Booster loaded = Boosters.load(registered.modelFile());
    float[][] expected = Boosters.predict(trained, data.test().x());
    float[][] actual = Boosters.predict(loaded, data.test().x());
    assertThat(actual).isDeepEqualTo(expected);
    trained.dispose();
    loaded.dispose();
  }

  private static ModelMetadata metadata() {
    return ModelMetadata.builder()
        .name("rating")
        .target("rating")
        .task("classification")
        .modelFile("model.json")
        .modelFormat("xgboost-json")
        .engine(Boosters.ENGINE)
        .params(Map.of())
        .selectionMetric("accuracy")
        .metrics(Map.of())
        .baselineMetrics(Map.of())
        .candidates(List.of())
        .classes(List.of(1, 2, 3, 4, 5))
        .featureContractHash(MlLakes.CONTRACT.hash())
        .featureNames(MlLakes.CONTRACT.featureNames("rating"))
        .trainingTable("gold.training_data")
        .trainingDt(DT.toString())
        .featureStatistics(List.of())
        .build();
  }

  @Test
  void refusesTrainingDataOfAnotherFeatureContract() {
    Lake lake = Lake.at(root);
    MlLakes.write(lake, DT, MlLakes.books(50, 11, Labels.LEARNABLE), "0".repeat(64));
    assertThatThrownBy(() -> train(lake, DT, "rating", false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "Cannot train rating on gold.training_data dt=2026-02-01: it was built with feature "
                + "contract 0000000000000000000000000000000000000000000000000000000000000000, this build's is ");
  }

  @Test
  void refusesAMissingDayAnUnknownTargetAndAMetricOfTheOtherTask() {
    Lake lake = lake(Labels.LEARNABLE);
    assertThatThrownBy(() -> train(lake, DT.plusDays(9), "rating", false))
        .hasMessage(
            "Cannot train rating for dt=2026-02-10: gold.training_data has no snapshot for it"
                + " (run ./bookslake features first)");
    assertThatThrownBy(() -> train(lake, DT, "stars", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot find target in feature contract: stars");
    assertThatThrownBy(
            () -> ModelTraining.train(lake, DT, "rating", "rmse", false, CandidateSpec.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot select classification models by metric: rmse (use one of [");
  }
}
