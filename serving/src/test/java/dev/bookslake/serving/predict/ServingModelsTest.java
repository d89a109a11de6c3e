package dev.bookslake.serving.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.serving.problem.ProblemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model holder refuses what it cannot serve correctly and says why on every predict. */
class ServingModelsTest {
  private static final FeatureContract CONTRACT = FeatureContract.load();
  @TempDir Path dir;

  @Test
  void noProductionVersionIs503() {
    try (ServingModels models = new ServingModels(ModelRegistry.at(dir), CONTRACT, List.of("rating"), Duration.ofHours(1)).start()) {
      assertThatThrownBy(() -> models.acquire("rating"))
          .isInstanceOf(ProblemException.class)
          .hasMessage("Cannot predict rating: no production model");
      assertThat(models.loadedVersions()).containsEntry("rating", null);
    }
  }

  @Test
  void aModelOfAnotherFeatureContractIsRefused() throws Exception {
    ModelRegistry registry = ModelRegistry.at(dir.resolve("models"));
    Path file = Files.writeString(dir.resolve("model.json"), "{}");
    registry.register("price", file, metadata("price", "0".repeat(64), CONTRACT.featureNames("price")));
    registry.register("price", file, metadata("price", CONTRACT.hash(), CONTRACT.featureNames("rating")));
    registry.promote("price", 1, ModelRegistry.PRODUCTION, "test", "stale contract");
    try (ServingModels models = new ServingModels(registry, CONTRACT, List.of("price"), Duration.ofHours(1)).start()) {
      assertThatThrownBy(() -> models.acquire("price"))
          .isInstanceOf(ProblemException.class)
          .hasMessageContaining("Cannot predict price: production model v1 cannot be served")
          .hasMessageContaining("trained on feature contract 0000");
      registry.promote("price", 2, ModelRegistry.PRODUCTION, "test", "wrong features");
      models.reload("price");
      assertThatThrownBy(() -> models.acquire("price"))
          .hasMessageContaining("production model v2 cannot be served")
          .hasMessageContaining("feature names");
      assertThat(models.state("price").productionVersion()).isEqualTo(2);
    }
  }

  private static ModelMetadata metadata(String name, String hash, List<String> featureNames) {
    return new ModelMetadata(name, 0, name, "regression", "model.json", "xgboost-json", "xgboost4j 3.0.4", Map.of(),
        "rmse", Map.of("rmse", 1.0), Map.of("rmse", 2.0), true, List.of(), null, hash, featureNames,
        "gold.training_data", "2026-01-02", 10, 2, List.of(), null);
  }
}
