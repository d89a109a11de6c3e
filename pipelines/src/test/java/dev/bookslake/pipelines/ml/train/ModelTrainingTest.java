package dev.bookslake.pipelines.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.drift.FeatureStatistics;
import dev.bookslake.ml.registry.AliasChange;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.pipelines.ml.MlLakes;
import dev.bookslake.pipelines.ml.MlLakes.Labels;
import dev.bookslake.pipelines.ml.internal.Boosters;
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
    assertThat(report.metrics().get("accuracy")).as("rating = title_word_count is learnt exactly").isEqualTo(1.0);
    assertThat(report.toString()).endsWith("rating v1 BEATS the baseline on " + report.testRows()
        + " held-out rows: accuracy 1.0000 vs " + String.format(java.util.Locale.ROOT, "%.4f", report.baselineMetrics()
        .get("accuracy")) + " (few held-out rows: a margin this small can be chance).");

    ModelMetadata m = ModelRegistry.in(lake).version("rating", 1).orElseThrow().metadata();
    assertThat(m.featureContractHash()).isEqualTo(MlLakes.CONTRACT.hash());
    assertThat(m.featureNames()).isEqualTo(MlLakes.CONTRACT.featureNames("rating")).doesNotContain("rating")
        .contains("price_excl_tax");
    assertThat(m.classes()).containsExactly(1, 2, 3, 4, 5);
    assertThat(m.task()).isEqualTo("classification");
    assertThat(m.selectionMetric()).isEqualTo("accuracy");
    assertThat(m.params()).containsEntry("objective", "multi:softprob").containsEntry("num_class", 5);
    assertThat(m.candidates()).extracting(ModelMetadata.Candidate::name)
        .containsExactly("baseline", "depth3-n50-lr0.2", "depth4-n100-lr0.1", "depth6-n200-lr0.05");
    assertThat(m.baselineMetrics()).isEqualTo(report.baselineMetrics());
    assertThat(m.beatsBaseline()).isTrue();
    assertThat(m.trainRows() + m.testRows()).isEqualTo(BOOKS);
    assertThat(m.testRows()).isEqualTo(report.testRows()).isBetween(30L, 90L);
    assertThat(m.trainingDt()).isEqualTo("2026-02-01");
    assertThat(m.featureStatistics()).extracting(FeatureStatistics::feature)
        .isEqualTo(MlLakes.CONTRACT.features("rating").stream().map(Feature::name).toList());
    assertThat(m.featureStatistics()).allSatisfy(s -> assertThat(s.count()).isEqualTo(m.trainRows()));
    assertThat(ModelRegistry.in(lake).aliases("rating")).as("registered only, without the flag").isEmpty();
  }

  @Test
  void thePriceModelNeverSeesThePriceAndReportsRegressionMetrics() {
    Lake lake = lake(Labels.LEARNABLE);
    TrainingReport report = train(lake, DT, "price", false);

    ModelMetadata m = ModelRegistry.in(lake).version("price", 1).orElseThrow().metadata();
    assertThat(m.featureNames()).doesNotContain("price_excl_tax").contains("rating", "title_word_count");
    assertThat(m.metrics()).containsOnlyKeys("rmse", "mae", "r2");
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
    assertThat(report.toString()).contains("price v1 does NOT beat the baseline on " + report.testRows() + " held-out rows: rmse ")
        .contains("no better than answering 'always the mean ");
    assertThat(ModelRegistry.in(lake).version("price", 1).orElseThrow().metadata().beatsBaseline()).isFalse();
  }

  @Test
  void trainingIsDeterministic() {
    Lake lake = lake(Labels.RANDOM);
    TrainingReport first = train(lake, DT, "rating", false);
    TrainingReport second = train(lake, DT, "rating", false);
    assertThat(second.candidates()).extracting(ModelMetadata.Candidate::metrics)
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
    assertThat(v1.promotion().reason()).startsWith("no production model yet; v1 accuracy ")
        .endsWith(v1.beatsBaseline() ? "dt=2026-02-01" : "dt=2026-02-01 (it does not beat the baseline)");

    TrainingReport v2 = train(lake, clean, "rating", true);
    assertThat(v2.promotion().promoted()).as(v2.toString()).isTrue();
    assertThat(v2.promotion().previousVersion()).isEqualTo(1);
    assertThat(v2.promotion().reason()).startsWith("accuracy v2 1.0000 vs production v1 0.");

    TrainingReport v3 = train(lake, noisyAgain, "rating", true);
    assertThat(v3.promotion().promoted()).as(v3.toString()).isFalse();
    assertThat(v3.promotion().reason()).contains(" vs production v2 1.0000 on the same ").endsWith("not better)");
    assertThat(v3.toString()).contains("Not promoted: accuracy v3 ");

    assertThat(registry.aliases("rating")).containsExactly(Map.entry("production", 2));
    List<AliasChange> history = registry.history("rating");
    assertThat(history).extracting(AliasChange::toVersion).containsExactly(1, 2);
    assertThat(history).extracting(AliasChange::actor).containsOnly(ModelTraining.ACTOR);
    assertThat(history.get(1).reason()).isEqualTo(v2.promotion().reason());
  }

  @Test
  void aBoosterLoadedFromTheRegistryPredictsExactlyWhatTheTrainedOneDid() {
    Lake lake = lake(Labels.RANDOM);
    TrainingSet data = TrainingSet.read(lake, DT, MlLakes.CONTRACT, "rating");
    CandidateSpec spec = CandidateSpec.DEFAULTS.get(1);
    Booster trained = Boosters.train(data.train().x(), data.train().labels(),
        spec.params(MlLakes.CONTRACT.target("rating")), spec.rounds());
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
    return new ModelMetadata("rating", 0, "rating", "classification", "model.json", "xgboost-json", Boosters.ENGINE,
        Map.of(), "accuracy", Map.of(), Map.of(), false, List.of(), List.of(1, 2, 3, 4, 5), MlLakes.CONTRACT.hash(),
        MlLakes.CONTRACT.featureNames("rating"), "gold.training_data", DT.toString(), 0, 0, List.of(), null);
  }

  @Test
  void refusesTrainingDataOfAnotherFeatureContract() {
    Lake lake = Lake.at(root);
    MlLakes.write(lake, DT, MlLakes.books(50, 11, Labels.LEARNABLE), "0".repeat(64));
    assertThatThrownBy(() -> train(lake, DT, "rating", false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot train rating on gold.training_data dt=2026-02-01: it was built with feature "
            + "contract 0000000000000000000000000000000000000000000000000000000000000000, this build's is ");
  }

  @Test
  void refusesAMissingDayAnUnknownTargetAndAMetricOfTheOtherTask() {
    Lake lake = lake(Labels.LEARNABLE);
    assertThatThrownBy(() -> train(lake, DT.plusDays(9), "rating", false))
        .hasMessage("Cannot train rating for dt=2026-02-10: gold.training_data has no snapshot for it"
            + " (run ./bookslake features first)");
    assertThatThrownBy(() -> train(lake, DT, "stars", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot find target in feature contract: stars");
    assertThatThrownBy(() -> ModelTraining.train(lake, DT, "rating", "rmse", false, CandidateSpec.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot select by metric rmse for a classification target");
  }
}
