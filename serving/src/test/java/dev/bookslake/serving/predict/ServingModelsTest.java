package dev.bookslake.serving.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.serving.TestModels;
import dev.bookslake.serving.problem.ProblemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model holder refuses what it cannot serve correctly, says why, and keeps the last good
 * version serving meanwhile.
 */
class ServingModelsTest {
  private static final FeatureContract CONTRACT = FeatureContract.load();
  @TempDir Path dir;

  @Test
  void noProductionVersionIs503() {
    try (ServingModels models =
        new ServingModels(ModelRegistry.at(dir), CONTRACT, List.of("rating"), Duration.ofHours(1))
            .start()) {
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
    registry.register(
        "price", file, metadata("price", "0".repeat(64), CONTRACT.featureNames("price")));
    registry.register(
        "price", file, metadata("price", CONTRACT.hash(), CONTRACT.featureNames("rating")));
    registry.promote("price", 1, ModelRegistry.PRODUCTION, "test", "stale contract");
    try (ServingModels models =
        new ServingModels(registry, CONTRACT, List.of("price"), Duration.ofHours(1)).start()) {
      assertThatThrownBy(() -> models.acquire("price"))
          .isInstanceOfSatisfying(
              ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(503))
          .hasMessageStartingWith("Cannot serve model price v1: trained on feature contract 0000");
      registry.promote("price", 2, ModelRegistry.PRODUCTION, "test", "wrong features");
      models.reload("price");
      assertThatThrownBy(() -> models.acquire("price"))
          .hasMessageStartingWith("Cannot serve model price v2: its feature names");
      assertThat(models.state("price").productionVersion()).isEqualTo(2);
      assertThat(models.problems()).containsOnlyKeys("price");
    }
  }

  @Test
  void aRefusedVersionLeavesTheLastGoodOneServingAndIsNotCheckedAgain() {
    Lake lake = Lake.at(dir.resolve("lake"));
    ModelRegistry registry = ModelRegistry.in(lake);
    TestModels.Trained good = TestModels.trainAndRegister(lake, "price", 5, dir.resolve("scratch"));
    registry.register(
        "price",
        good.version().modelFile(),
        metadata("price", "0".repeat(64), CONTRACT.featureNames("price")));
    registry.promote("price", 1, ModelRegistry.PRODUCTION, "test", "good");
    try (ServingModels models =
        new ServingModels(registry, CONTRACT, List.of("price"), Duration.ofHours(1)).start()) {
      ServedModel v1 = models.state("price").model();
      registry.promote("price", 2, ModelRegistry.PRODUCTION, "trainer", "stale contract");
      models.reload("price");

      ServingModels.State refused = models.state("price");
      assertThat(refused.productionVersion()).isEqualTo(2);
      assertThat(refused.model()).isSameAs(v1);
      assertThat(refused.problem())
          .startsWith("Cannot serve model price v2: trained on feature contract 0000");
      assertThat(refused.retry()).isFalse();
      assertThat(v1.isClosed()).isFalse();
      assertThat(predictedVersion(models)).isEqualTo(1);

      models.reload("price");
      assertThat(models.state("price"))
          .as("a refusal is not re-checked every poll")
          .isSameAs(refused);

      registry.promote("price", 1, ModelRegistry.PRODUCTION, "ops", "back");
      models.reload("price");
      assertThat(models.state("price").problem()).isNull();
      assertThat(models.state("price").model())
          .as("the same loaded model, not a reload")
          .isSameAs(v1);
      assertThat(models.problems()).isEmpty();
    }
  }

  @Test
  void aFailedLoadKeepsTheLastGoodOneAndIsTriedAgainOnTheNextPoll() throws Exception {
    Lake lake = Lake.at(dir.resolve("lake"));
    ModelRegistry registry = ModelRegistry.in(lake);
    TestModels.Trained good = TestModels.trainAndRegister(lake, "price", 5, dir.resolve("scratch"));
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{not xgboost");
    ModelVersion broken = registry.register("price", garbage, good.version().metadata());
    registry.promote("price", 1, ModelRegistry.PRODUCTION, "test", "good");
    try (ServingModels models =
        new ServingModels(registry, CONTRACT, List.of("price"), Duration.ofHours(1)).start()) {
      ServedModel v1 = models.state("price").model();
      registry.promote("price", 2, ModelRegistry.PRODUCTION, "trainer", "newer");
      models.reload("price");
      assertThat(models.state("price").problem())
          .startsWith("Cannot serve model price v2: its model file")
          .as("shown by /health: no path, no exception text")
          .doesNotContain(dir.toString())
          .doesNotContain("Exception");
      assertThat(models.state("price").retry()).isTrue();
      assertThat(predictedVersion(models)).isEqualTo(1);

      // the failure goes away (say, a disk that was full): the next poll loads it
      Files.copy(
          good.version().modelFile(), broken.modelFile(), StandardCopyOption.REPLACE_EXISTING);
      models.reload("price");
      assertThat(models.state("price").problem()).isNull();
      assertThat(predictedVersion(models)).isEqualTo(2);
      assertThat(v1.isClosed()).as("the retired model is closed").isTrue();
    }
  }

  @Test
  void closeReleasesEveryModelAndNothingIsInstalledAfterIt() throws Exception {
    Lake lake = Lake.at(dir.resolve("lake"));
    ModelRegistry registry = ModelRegistry.in(lake);
    TestModels.trainAndRegister(lake, "price", 5, dir.resolve("scratch"));
    TestModels.trainAndRegister(lake, "price", 3, dir.resolve("scratch"));
    registry.promote("price", 1, ModelRegistry.PRODUCTION, "test", "good");
    ServingModels models =
        new ServingModels(registry, CONTRACT, List.of("price"), Duration.ofMillis(50)).start();
    ServedModel v1 = models.state("price").model();
    // the 50 ms poller may be loading v2 while close runs
    registry.promote("price", 2, ModelRegistry.PRODUCTION, "test", "racing close");
    models.close();
    assertThat(v1.isClosed()).isTrue();
    assertThat(models.state("price").model()).isNull();

    Thread.sleep(200);
    models.reload("price");
    assertThat(models.state("price").model()).as("nothing is loaded after close").isNull();
  }

  private static int predictedVersion(ServingModels models) {
    ServedModel m = models.acquire("price");
    try {
      float[] out = m.predict(new float[][] {new float[CONTRACT.featureNames("price").size()]});
      assertThat(out).hasSize(1);
      return m.version().version();
    } finally {
      m.release();
    }
  }

  private static ModelMetadata metadata(String name, String hash, List<String> featureNames) {
    return ModelMetadata.builder()
        .name(name)
        .target(name)
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
        .featureContractHash(hash)
        .featureNames(featureNames)
        .trainingTable("gold.training_data")
        .trainingDt("2026-01-02")
        .trainRows(10)
        .testRows(2)
        .featureStatistics(List.of())
        .build();
  }
}
