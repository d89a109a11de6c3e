package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.serving.metrics.Metrics;
import dev.bookslake.serving.predict.InferenceLog;
import dev.bookslake.serving.predict.Predictions;
import dev.bookslake.serving.predict.ServingModels;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.SnapshotStore;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A prediction is never served unlogged: a log that cannot be written makes it a counted 503. */
class InferenceLogFailureTest {
  @TempDir Path dir;

  @Test
  void aPredictionThatCannotBeLoggedIsA503AndCounted() throws Exception {
    Lake lake = Lake.at(dir.resolve("lake"));
    TestModels.trainAndRegister(lake, "price", 5, dir.resolve("scratch"));
    ModelRegistry.in(lake).promote("price", 1, ModelRegistry.PRODUCTION, "test", "only model");
    Path blocked =
        Files.writeString(dir.resolve("blocked"), "a file where the log folder should be");
    JsonObject book =
        Json.createObjectBuilder()
            .add("rating", 4)
            .add("review_count", 3)
            .add("stock_count", 2)
            .add("in_stock", true)
            .add("description_length", 100)
            .add("title_word_count", 3)
            .add("days_since_first_seen", 1)
            .add("category", "Poetry")
            .build();
    SnapshotStore snapshots = new SnapshotStore(lake, Duration.ofHours(1));
    Metrics metrics = new Metrics(snapshots);
    try (ServingModels models =
            new ServingModels(
                    ModelRegistry.in(lake),
                    TestModels.CONTRACT,
                    List.of("price"),
                    Duration.ofHours(1))
                .start();
        InferenceLog log = new InferenceLog(blocked, 1 << 20, Duration.ofSeconds(10))) {
      Predictions predictions = new Predictions(models, log, 10, metrics);
      assertThatThrownBy(() -> predictions.predict("price", book, Optional.empty()))
          .isInstanceOfSatisfying(
              ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(503))
          .hasMessageStartingWith("Cannot write inference log: ")
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .as("a 503 body: no internal path")
                      .doesNotContain(dir.toString()));
    } finally {
      snapshots.close();
    }
    assertThat(metrics.scrape())
        .contains("bookslake_ml_inference_log_failures_total 1")
        .doesNotContain("bookslake_ml_predictions_total{model=\"price\"}");
  }
}
