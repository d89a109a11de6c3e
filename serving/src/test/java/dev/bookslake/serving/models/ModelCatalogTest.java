package dev.bookslake.serving.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelRegistryException;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.serving.predict.ServingModels;
import dev.bookslake.serving.problem.ProblemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue answers unknown models 404 and passes the registry's refusals and failures on, by
 * kind.
 */
class ModelCatalogTest {
  private static final FeatureContract CONTRACT = FeatureContract.load();
  @TempDir Path dir;

  @Test
  void unknownOrInvalidModelNamesAre404() {
    ModelCatalog catalog =
        new ModelCatalog(
            new ServingModels(ModelRegistry.at(dir), CONTRACT, List.of(), Duration.ofHours(1)));
    for (String name : List.of("nope", "Not A Name!", "../models")) {
      assertThatThrownBy(() -> catalog.model(name))
          .isInstanceOfSatisfying(
              ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404))
          .hasMessage("Cannot find model: " + name);
    }
  }

  @Test
  void aRollbackWithNothingToGoBackToIsAConflict() throws Exception {
    ModelRegistry registry = registryWithOneVersion();
    registry.promote("price", 1, ModelRegistry.PRODUCTION, "test", "first");
    ModelCatalog catalog =
        new ModelCatalog(new ServingModels(registry, CONTRACT, List.of(), Duration.ofHours(1)));
    assertThatThrownBy(() -> catalog.promote("price", ModelCatalog.ROLLBACK, null, "alice", null))
        .isInstanceOfSatisfying(
            ModelRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ModelRegistryException.Kind.CONFLICT))
        .hasMessageContaining("has no earlier production version");
  }

  @Test
  void aDamagedRegistryIsAFailureNotAConflictOrA404() throws Exception {
    ModelRegistry registry = registryWithOneVersion();
    Files.writeString(registry.root().resolve("price/_ALIASES.json"), "{\"production\": ");
    // Damaged before its last line: a torn last line alone is a killed append, skipped when read.
    Files.writeString(
        registry.root().resolve("price/_HISTORY.jsonl"), "{\"alias\": \n{\"alias\": \n");
    ModelCatalog catalog =
        new ModelCatalog(new ServingModels(registry, CONTRACT, List.of(), Duration.ofHours(1)));
    // ProblemHandlers answers IO 500, CONFLICT 409, NOT_FOUND 404
    assertThatThrownBy(() -> catalog.model("price"))
        .isInstanceOfSatisfying(
            ModelRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ModelRegistryException.Kind.IO))
        .hasMessage("Cannot read aliases of model: price");
    assertThatThrownBy(() -> catalog.promote("price", ModelCatalog.ROLLBACK, null, "alice", null))
        .isInstanceOfSatisfying(
            ModelRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(ModelRegistryException.Kind.IO))
        .hasMessage("Cannot read promotion history of model: price (line 1)");
  }

  private ModelRegistry registryWithOneVersion() throws Exception {
    ModelRegistry registry = ModelRegistry.at(dir.resolve("models"));
    Path file = Files.writeString(dir.resolve("model.json"), "{}");
    registry.register(
        "price",
        file,
        ModelMetadata.builder()
            .name("price")
            .target("price")
            .task("regression")
            .modelFile("model.json")
            .modelFormat("xgboost-json")
            .engine("xgboost4j 3.0.4")
            .params(Map.of())
            .selectionMetric("rmse")
            .metrics(Map.of("rmse", 1.0))
            .baselineMetrics(Map.of("rmse", 2.0))
            .beatsBaseline(true)
            .candidates(List.of())
            .featureContractHash(CONTRACT.hash())
            .featureNames(CONTRACT.featureNames("price"))
            .trainingTable("gold.training_data")
            .trainingDt("2026-01-02")
            .trainRows(10)
            .testRows(2)
            .featureStatistics(List.of())
            .build());
    return registry;
  }
}
