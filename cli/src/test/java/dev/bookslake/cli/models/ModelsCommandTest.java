package dev.bookslake.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bookslake.cli.Bookslake;
import dev.bookslake.cli.CliRun;
import dev.bookslake.lake.Lake;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./bookslake models ...} through the command line entry point, on a registry of stub
 * versions.
 */
class ModelsCommandTest {
  @TempDir Path root;
  private ModelRegistry registry;

  private CliRun.Result bookslake(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--lake", root.toString()));
    return CliRun.run(all);
  }

  private static ModelMetadata metadata(double accuracy, boolean beats) {
    return ModelMetadata.builder()
        .name("rating")
        .target("rating")
        .task("classification")
        .modelFile("model.json")
        .modelFormat("xgboost-json")
        .engine("xgboost4j 3.0.4")
        .params(Map.of("max_depth", 3))
        .selectionMetric("accuracy")
        .metrics(Map.of("accuracy", accuracy, "macro_f1", 0.1, "mae", 1.0))
        .baselineMetrics(Map.of("accuracy", 0.25, "macro_f1", 0.08, "mae", 1.2))
        .beatsBaseline(beats)
        .candidates(List.of())
        .classes(List.of(1, 2, 3, 4, 5))
        .featureContractHash("abc")
        .featureNames(List.of("price_excl_tax"))
        .trainingTable("gold.training_data")
        .trainingDt("2026-02-01")
        .trainRows(80)
        .testRows(20)
        .featureStatistics(List.of())
        .build();
  }

  @BeforeEach
  void threeVersionsWithTheSecondInProduction() throws Exception {
    registry = ModelRegistry.in(Lake.at(root));
    Path file = Files.writeString(root.resolve("stub.json"), "{}");
    registry.register("rating", file, metadata(0.2, false));
    registry.register("rating", file, metadata(0.3, true));
    registry.register("rating", file, metadata(0.35, true));
    registry.promote("rating", 1, ModelRegistry.PRODUCTION, "test", "first");
    registry.promote("rating", 2, ModelRegistry.PRODUCTION, "test", "better");
  }

  @Test
  void listShowsEveryVersionWithAliasesMetricsAndTheBaselineVerdict() {
    CliRun.Result list = bookslake("models", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    String[] lines = list.out().split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0])
        .startsWith("name")
        .contains("version", "aliases", "beats", "trained_dt", "created");
    assertThat(lines[1])
        .startsWith("rating         1")
        .contains("accuracy=0.2000", "accuracy=0.2500", " NO ");
    assertThat(lines[2])
        .startsWith("rating         2 production")
        .contains("accuracy=0.3000", " yes ", "2026-02-01");
    assertThat(lines[3]).startsWith("rating         3    ");
  }

  @Test
  void listAsJsonIsMachineReadable() throws Exception {
    CliRun.Result list = bookslake("models", "list", "--format", "json");
    assertThat(list.exitCode()).isZero();
    JsonNode rows = new ObjectMapper().readTree(list.out());
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1).get("aliases").get(0).asText()).isEqualTo("production");
    assertThat(rows.get(2).get("metrics").get("accuracy").asDouble()).isEqualTo(0.35);
    assertThat(rows.get(0).get("beats_baseline").asBoolean()).isFalse();
  }

  @Test
  void showPrintsProductionByDefaultOrTheVersionAsked() throws Exception {
    CliRun.Result production = bookslake("models", "show", "--name", "rating");
    assertThat(production.exitCode()).isZero();
    assertThat(new ObjectMapper().readTree(production.out()).get("version").asInt()).isEqualTo(2);
    CliRun.Result third = bookslake("models", "show", "--name", "rating", "--version", "3");
    assertThat(new ObjectMapper().readTree(third.out()).get("metrics").get("accuracy").asDouble())
        .isEqualTo(0.35);
    assertThat(third.out()).contains("\"feature_contract_hash\" : \"abc\"");
  }

  @Test
  void promoteMovesAnAliasAndRollbackGoesBack() {
    CliRun.Result promote =
        bookslake(
            "models",
            "promote",
            "--name",
            "rating",
            "--version",
            "3",
            "--alias",
            "production",
            "--actor",
            "alice");
    assertThat(promote.exitCode()).as(promote.err()).isZero();
    assertThat(promote.out()).isEqualTo("Moved rating production: v2 -> v3 (by alice)\n");
    assertThat(registry.aliases("rating")).containsEntry("production", 3);

    CliRun.Result staging =
        bookslake("models", "promote", "--name", "rating", "--version", "1", "--alias", "staging");
    assertThat(staging.exitCode()).isZero();
    assertThat(registry.aliases("rating"))
        .containsEntry("staging", 1)
        .containsEntry("production", 3);

    CliRun.Result rollback =
        bookslake("models", "promote", "--name", "rating", "--alias", "rollback", "--actor", "bob");
    assertThat(rollback.exitCode()).as(rollback.err()).isZero();
    assertThat(rollback.out()).isEqualTo("Rolled back rating production: v3 -> v2 (by bob)\n");
    assertThat(registry.aliases("rating")).containsEntry("production", 2);
  }

  @Test
  void unknownModelsVersionsAndAliasesExitTwoWithCannot() {
    CliRun.Result model = bookslake("models", "show", "--name", "stars");
    assertThat(model.exitCode()).isEqualTo(2);
    assertThat(model.err())
        .startsWith("Cannot show unknown model: stars (registered: [rating] in ");

    CliRun.Result version =
        bookslake(
            "models", "promote", "--name", "rating", "--version", "9", "--alias", "production");
    assertThat(version.exitCode()).isEqualTo(2);
    assertThat(version.err())
        .isEqualTo("Cannot promote unknown model version: rating v9 (registered: [1, 2, 3])\n");

    CliRun.Result alias =
        bookslake("models", "promote", "--name", "rating", "--version", "1", "--alias", "live");
    assertThat(alias.exitCode()).isEqualTo(2);
    assertThat(alias.err()).startsWith("Cannot promote to unknown alias: live");

    CliRun.Result action = bookslake("models", "delete", "--name", "rating");
    assertThat(action.exitCode()).isEqualTo(2);
    assertThat(action.err()).startsWith("Cannot run unknown models action: delete");
    assertThat(registry.aliases("rating"))
        .as("nothing moved")
        .containsExactly(Map.entry("production", 2));
  }

  @Test
  void rollingBackPastTheFirstProductionVersionExitsTwo() {
    assertThat(bookslake("models", "promote", "--name", "rating", "--alias", "rollback").exitCode())
        .isZero();
    CliRun.Result again = bookslake("models", "promote", "--name", "rating", "--alias", "rollback");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err())
        .isEqualTo("Cannot roll back model: rating has no earlier production version\n");
    assertThat(registry.aliases("rating")).containsEntry("production", 1);
  }

  @Test
  void anEmptyRegistrySaysSo() throws Exception {
    Path empty = Files.createDirectories(root.resolve("other"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Bookslake.run(
            new String[] {"models", "list", "--lake", empty.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("No models registered in ");
  }
}
