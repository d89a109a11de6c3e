package dev.bookslake.ml.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.ml.drift.FeatureStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  @TempDir Path dir;

  private Path modelFile(String body) throws Exception {
    Path file = Files.createTempFile(dir, "model", ".json");
    Files.writeString(file, body);
    return file;
  }

  private static ModelMetadata metadata(double accuracy) {
    return ModelMetadata.builder()
        .name("rating")
        .target("rating")
        .task("classification")
        .engine("xgboost4j 3.0.4")
        .params(Map.of("max_depth", 4, "eta", 0.1))
        .selectionMetric("accuracy")
        .metrics(Map.of("accuracy", accuracy))
        .baselineMetrics(Map.of("accuracy", 0.2))
        .beatsBaseline(accuracy > 0.2)
        .candidates(
            List.of(
                new ModelMetadata.Candidate(
                    "depth4", Map.of("max_depth", 4), Map.of("accuracy", accuracy), 12)))
        .classes(List.of(1, 2, 3, 4, 5))
        .featureContractHash("abc123")
        .featureNames(List.of("price_excl_tax"))
        .trainingTable("gold.training_data")
        .trainingDt("2026-01-01")
        .trainRows(800)
        .testRows(200)
        .featureStatistics(
            List.of(FeatureStatistics.continuous("price_excl_tax", new double[] {1, 2, 3, 4, 5})))
        .build();
  }

  @Test
  void registeredVersionsReadBackWithTheirMetadataAndModel() throws Exception {
    ModelRegistry registry = ModelRegistry.at(dir.resolve("models"));
    ModelVersion v1 = registry.register("rating", modelFile("{\"learner\":1}"), metadata(0.3));
    ModelVersion v2 = registry.register("rating", modelFile("{\"learner\":2}"), metadata(0.4));

    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(registry.names()).containsExactly("rating");
    assertThat(registry.versions("rating")).extracting(ModelVersion::version).containsExactly(1, 2);
    ModelVersion read = registry.version("rating", 2).orElseThrow();
    assertThat(read.metadata().metrics()).containsEntry("accuracy", 0.4);
    assertThat(read.metadata().version()).isEqualTo(2);
    assertThat(read.metadata().createdAt()).isNotBlank();
    assertThat(read.metadata().featureStatistics()).isEqualTo(metadata(0.4).featureStatistics());
    assertThat(Files.readString(read.modelFile())).isEqualTo("{\"learner\":2}");
    assertThat(Files.readString(v2.directory().resolve("metadata.json")))
        .contains("\"feature_contract_hash\"");
    try (var children = Files.list(dir.resolve("models/rating"))) {
      assertThat(children.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("_tmp"));
    }
  }

  @Test
  void promotionMovesTheAliasAndKeepsHistory() throws Exception {
    ModelRegistry registry = ModelRegistry.at(dir.resolve("models"));
    registry.register("rating", modelFile("{}"), metadata(0.3));
    registry.register("rating", modelFile("{}"), metadata(0.4));

    assertThat(registry.alias("rating", ModelRegistry.PRODUCTION)).isEmpty();
    registry.promote("rating", 1, ModelRegistry.PRODUCTION, "test", "first");
    registry.promote("rating", 2, ModelRegistry.STAGING, "test", "try");
    AliasChange change = registry.promote("rating", 2, ModelRegistry.PRODUCTION, "alice", "better");

    assertThat(change.fromVersion()).isEqualTo(1);
    assertThat(change.toVersion()).isEqualTo(2);
    assertThat(registry.aliases("rating"))
        .containsEntry("production", 2)
        .containsEntry("staging", 2);
    assertThat(registry.alias("rating", "production").orElseThrow().version()).isEqualTo(2);
    assertThat(registry.history("rating"))
        .extracting(AliasChange::actor)
        .containsExactly("test", "test", "alice");
  }

  @Test
  void rollbackReturnsProductionToItsPreviousVersion() throws Exception {
    ModelRegistry registry = ModelRegistry.at(dir.resolve("models"));
    for (int i = 0; i < 3; i++) {
      registry.register("rating", modelFile("{}"), metadata(0.3));
    }
    registry.promote("rating", 1, "production", "t", "");
    registry.promote("rating", 2, "production", "t", "");
    registry.promote("rating", 3, "production", "t", "");

    AliasChange back = registry.rollback("rating", "bob", "v3 misbehaves");
    assertThat(back.toVersion()).isEqualTo(2);
    assertThat(back.rollback()).isTrue();
    assertThat(registry.rollback("rating", "bob", "v2 too").toVersion()).isEqualTo(1);

    assertThat(registry.aliases("rating")).containsEntry("production", 1);
    assertThatThrownBy(() -> registry.rollback("rating", "bob", ""))
        .isInstanceOf(ModelRegistryException.class)
        .hasMessageContaining("Cannot roll back model: rating");
  }

  @Test
  void aTornLastHistoryLineIsSkippedAndCutOffBeforeTheNextMove() throws Exception {
    ModelRegistry registry = ModelRegistry.at(dir.resolve("models"));
    registry.register("rating", modelFile("{}"), metadata(0.3));
    registry.register("rating", modelFile("{}"), metadata(0.4));
    registry.promote("rating", 1, "production", "t", "");
    registry.promote("rating", 2, "production", "t", "");
    // What a promotion killed mid-append leaves: part of a line, no newline.
    Files.writeString(
        dir.resolve("models/rating/_HISTORY.jsonl"),
        "{\"at\":\"2026-01-0",
        java.nio.file.StandardOpenOption.APPEND);

    assertThat(registry.history("rating")).extracting(AliasChange::toVersion).containsExactly(1, 2);
    registry.promote("rating", 1, "production", "t", "after the crash");
    assertThat(registry.history("rating"))
        .extracting(AliasChange::toVersion)
        .containsExactly(1, 2, 1);
    assertThat(Files.readAllLines(dir.resolve("models/rating/_HISTORY.jsonl")))
        .hasSize(3)
        .allMatch(line -> line.startsWith("{") && line.endsWith("}"));
  }

  @Test
  void rollbackGoesBackFromTheCurrentAliasNotFromAMoveThatNeverLanded() throws Exception {
    ModelRegistry registry = ModelRegistry.at(dir.resolve("models"));
    for (int i = 0; i < 3; i++) {
      registry.register("rating", modelFile("{}"), metadata(0.3));
    }
    registry.promote("rating", 1, "production", "t", "");
    registry.promote("rating", 2, "production", "t", "");
    // A promotion to v3 killed after it recorded the move and before it moved the alias.
    Files.writeString(
        dir.resolve("models/rating/_HISTORY.jsonl"),
        ModelRegistry.toJson(
                    new AliasChange("2026-01-02T00:00:00Z", "production", 2, 3, "t", "", false))
                .replace("\n", "")
                .replaceAll(" +", " ")
            + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(registry.aliases("rating")).containsEntry("production", 2);

    assertThat(registry.rollback("rating", "bob", "").toVersion())
        .as("back from v2, where production is")
        .isEqualTo(1);
  }

  @Test
  void unknownVersionsAliasesAndNamesAreRefusedWithoutChangingAnything() throws Exception {
    ModelRegistry registry = ModelRegistry.at(dir.resolve("models"));
    registry.register("rating", modelFile("{}"), metadata(0.3));

    assertThatThrownBy(() -> registry.promote("rating", 7, "production", "t", ""))
        .hasMessage("Cannot promote unknown model version: rating v7");
    assertThatThrownBy(() -> registry.promote("rating", 1, "canary", "t", ""))
        .hasMessageContaining("Cannot promote to unknown alias: canary");
    assertThatThrownBy(() -> registry.versions("../etc"))
        .hasMessageContaining("Cannot use model name");
    assertThat(registry.aliases("rating")).isEmpty();
    assertThat(registry.history("rating")).isEmpty();
  }

  @Test
  void concurrentRegistrationsGetDistinctVersions() throws Exception {
    ModelRegistry registry = ModelRegistry.at(dir.resolve("models"));
    Path file = modelFile("{}");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ModelVersion>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> registry.register("price", file, metadata(0.3))));
      }
      List<Integer> versions = new ArrayList<>();
      for (Future<ModelVersion> f : futures) {
        versions.add(f.get().version());
      }
      assertThat(versions).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void promoteIfMovesTheAliasOnlyFromTheVersionTheCallerSaw() throws Exception {
    ModelRegistry registry = ModelRegistry.at(dir.resolve("models"));
    for (int i = 0; i < 3; i++) {
      registry.register("price", modelFile("{}"), metadata(0.3));
    }
    assertThat(registry.promoteIf("price", 1, "production", null, "t", "first")).isPresent();
    // a second trainer that also saw "no production yet" loses the race
    assertThat(registry.promoteIf("price", 2, "production", null, "t", "late")).isEmpty();
    assertThat(registry.promoteIf("price", 3, "production", 1, "t", "better than v1")).isPresent();
    assertThat(registry.aliases("price")).containsEntry("production", 3);
    assertThat(registry.history("price")).extracting(AliasChange::toVersion).containsExactly(1, 3);
  }

  @Test
  void reconfirmingProductionIsNotAStepToRollBackOver() throws Exception {
    ModelRegistry registry = ModelRegistry.at(dir.resolve("models"));
    registry.register("rating", modelFile("{}"), metadata(0.3));
    registry.register("rating", modelFile("{}"), metadata(0.3));
    registry.promote("rating", 1, "production", "t", "");
    registry.promote("rating", 2, "production", "t", "");
    registry.promote("rating", 2, "production", "t", "again");

    assertThat(registry.rollback("rating", "t", "").toVersion()).isEqualTo(1);
  }

  @Test
  void aDamagedVersionIsSkippedAndKeepsItsNumber() throws Exception {
    ModelRegistry registry = ModelRegistry.at(dir.resolve("models"));
    registry.register("rating", modelFile("{}"), metadata(0.3));
    registry.register("rating", modelFile("{}"), metadata(0.3));
    Files.writeString(dir.resolve("models/rating/2/metadata.json"), "{not json");

    assertThat(registry.versions("rating")).extracting(ModelVersion::version).containsExactly(1);
    assertThat(registry.register("rating", modelFile("{}"), metadata(0.3)).version()).isEqualTo(3);
  }
}
