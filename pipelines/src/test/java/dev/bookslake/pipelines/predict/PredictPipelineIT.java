package dev.bookslake.pipelines.predict;

import static dev.bookslake.pipelines.testing.LakeSql.rows;
import static dev.bookslake.pipelines.testing.LakeSql.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Tables;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.pipelines.testing.MlLakes;
import dev.bookslake.pipelines.testing.MlLakes.Labels;
import dev.bookslake.pipelines.train.CandidateSpec;
import dev.bookslake.pipelines.train.ModelTraining;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch prediction on the DirectRunner over a small lake with trained, registered models. */
class PredictPipelineIT {
  private static final LocalDate DT = LocalDate.parse("2026-03-01");
  private static final int BOOKS = 160;
  private static final List<CandidateSpec> ONE_CANDIDATE = List.of(new CandidateSpec(3, 30, 0.3));

  @TempDir Path root;

  private Lake lakeWithModels(boolean promotePrice) {
    Lake lake = Lake.at(root);
    MlLakes.write(lake, DT, MlLakes.books(BOOKS, 5, Labels.LEARNABLE));
    ModelTraining.train(lake, DT, "rating", "", true, ONE_CANDIDATE);
    ModelTraining.train(lake, DT, "price", "", promotePrice, ONE_CANDIDATE);
    return lake;
  }

  private PredictPipeline.Options options(String target) {
    return PipelineOptionsFactory.fromArgs(
            "--lake=" + root, "--runDate=" + DT, "--target=" + target)
        .withValidation()
        .as(PredictPipeline.Options.class);
  }

  @Test
  void everyBookGetsOnePredictionPerProductionModelWithItsActualValue() {
    Lake lake = lakeWithModels(true);
    PredictPipeline.Summary summary = PredictPipeline.run(options("all"));

    assertThat(summary.rows()).isEqualTo(2L * BOOKS);
    assertThat(summary.unscorable()).isZero();
    assertThat(summary.toString())
        .contains("with rating v1, price v1: 320 rows into gold.predictions");
    assertThat(value(lake, "SELECT count(*) FROM gold.prediction_errors"))
        .as("dead letters committed, none today")
        .isEqualTo(0L);
    assertThat(
            rows(
                lake,
                "SELECT model, model_version, count(*) AS n, count(DISTINCT upc) AS books, count(actual) AS"
                    + " actuals FROM gold.predictions GROUP BY ALL ORDER BY model"))
        .containsExactly(
            Map.of("model", "price", "model_version", 1, "n", 160L, "books", 160L, "actuals", 160L),
            Map.of(
                "model", "rating", "model_version", 1, "n", 160L, "books", 160L, "actuals", 160L));
    assertThat(
            value(
                lake,
                "SELECT count(*) FROM gold.predictions WHERE model = 'rating' AND prediction <> actual"))
        .as("the rating is learnable exactly")
        .isEqualTo(0L);
    assertThat(
            value(
                lake,
                "SELECT count(*) FROM gold.predictions WHERE model = 'rating' AND NOT"
                    + " (probability > 0.2 AND probability <= 1)"))
        .isEqualTo(0L);
    assertThat(value(lake, "SELECT count(probability) FROM gold.predictions WHERE model = 'price'"))
        .isEqualTo(0L);
    assertThat(
            value(
                lake,
                "SELECT max(abs(prediction - actual)) < 5 FROM gold.predictions WHERE model = 'price'"))
        .isEqualTo(true);
    assertThat(
            value(
                lake,
                "SELECT count(*) FROM gold.predictions WHERE feature_contract_hash = '"
                    + MlLakes.CONTRACT.hash()
                    + "' AND dt = '2026-03-01'"))
        .isEqualTo(320L);
  }

  @Test
  void aRerunReplacesTheDayAndATargetWithoutProductionIsSkipped() {
    Lake lake = lakeWithModels(false);
    PredictPipeline.run(options("all"));
    PredictPipeline.Summary again = PredictPipeline.run(options("all"));

    assertThat(again.skipped())
        .containsExactly(
            "Skipping price: it has no production model (./bookslake train"
                + " --target price --promote-if-better, or ./bookslake models promote)");
    assertThat(value(lake, "SELECT count(*) FROM gold.predictions")).isEqualTo((long) BOOKS);
    assertThat(value(lake, "SELECT count(DISTINCT model) FROM gold.predictions")).isEqualTo(1L);
  }

  @Test
  void aProductionModelOfAnotherFeatureContractFailsTheRunAndPublishesNothing() {
    Lake lake = lakeWithModels(true);
    ModelRegistry registry = ModelRegistry.in(lake);
    ModelVersion v1 = registry.version("rating", 1).orElseThrow();
    ModelMetadata otherContract =
        v1.metadata().toBuilder()
            .version(0)
            .featureContractHash("f".repeat(64))
            .createdAt(null)
            .build();
    registry.register("rating", v1.modelFile(), otherContract);
    registry.promote("rating", 2, ModelRegistry.PRODUCTION, "test", "a stale model");

    assertThatThrownBy(() -> PredictPipeline.run(options("all")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Cannot predict with rating v2: it was trained on feature contract "
                + "f".repeat(64)
                + ", gold.features is built with "
                + MlLakes.CONTRACT.hash()
                + " (retrain it)");
    assertThat(lake.snapshot(Tables.GOLD_PREDICTIONS, DT)).isEmpty();
  }

  @Test
  void noProductionModelAtAllFails() {
    Lake lake = Lake.at(root);
    MlLakes.write(lake, DT, MlLakes.books(40, 5, Labels.LEARNABLE));
    assertThatThrownBy(() -> PredictPipeline.run(options("all")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "Cannot predict for dt=2026-03-01: no production model for [rating, price]");
    assertThatThrownBy(() -> PredictPipeline.run(options("stars")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot predict unknown target: stars (use one of [rating, price] or all)");
  }
}
