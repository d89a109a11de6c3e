package dev.bookslake.ml.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.ml.drift.FeatureStatistics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {
  private static final ModelMetadata FULL =
      new ModelMetadata(
          "price",
          3,
          "price",
          "regression",
          "model.ubj",
          "xgboost-ubj",
          "xgboost4j 3.0.4",
          Map.of("eta", 0.1),
          "rmse",
          Map.of("rmse", 1.5),
          Map.of("rmse", 4.0),
          true,
          List.of(
              new ModelMetadata.Candidate(
                  "depth4", Map.of("max_depth", 4), Map.of("rmse", 1.5), 12)),
          List.of(1, 2),
          "hash",
          List.of("price_excl_tax", "rating"),
          "gold.training_data",
          "2026-01-02",
          80,
          20,
          List.of(FeatureStatistics.continuous("price_excl_tax", new double[] {1, 2, 3})),
          "2026-01-02T10:00:00Z");

  @Test
  void theBuilderSetsEveryComponentByName() {
    ModelMetadata built =
        ModelMetadata.builder()
            .name("price")
            .version(3)
            .target("price")
            .task("regression")
            .modelFile("model.ubj")
            .modelFormat("xgboost-ubj")
            .engine("xgboost4j 3.0.4")
            .params(Map.of("eta", 0.1))
            .selectionMetric("rmse")
            .metrics(Map.of("rmse", 1.5))
            .baselineMetrics(Map.of("rmse", 4.0))
            .beatsBaseline(true)
            .candidates(FULL.candidates())
            .classes(List.of(1, 2))
            .featureContractHash("hash")
            .featureNames(List.of("price_excl_tax", "rating"))
            .trainingTable("gold.training_data")
            .trainingDt("2026-01-02")
            .trainRows(80)
            .testRows(20)
            .featureStatistics(FULL.featureStatistics())
            .createdAt("2026-01-02T10:00:00Z")
            .build();

    assertThat(built).isEqualTo(FULL);
    assertThat(FULL.toBuilder().build()).as("a copy through the builder").isEqualTo(FULL);
  }

  @Test
  void anEmptyBuilderLeavesEveryComponentUnset() {
    assertThat(ModelMetadata.builder().build())
        .isEqualTo(
            new ModelMetadata(
                null, 0, null, null, null, null, null, null, null, null, null, false, null, null,
                null, null, null, null, 0, 0, null, null));
  }

  @Test
  void copiesChangeOnlyWhatTheyName() {
    assertThat(FULL.withVersion(7, "2026-02-01T00:00:00Z"))
        .isEqualTo(FULL.toBuilder().version(7).createdAt("2026-02-01T00:00:00Z").build())
        .extracting(ModelMetadata::featureNames, ModelMetadata::trainRows)
        .containsExactly(FULL.featureNames(), 80L);
    assertThat(FULL.withModelFile("model.json", "xgboost-json"))
        .isEqualTo(FULL.toBuilder().modelFile("model.json").modelFormat("xgboost-json").build());
  }
}
