package dev.bookslake.cli;

import static dev.bookslake.pipelines.testing.LakeSql.rows;
import static dev.bookslake.pipelines.testing.LakeSql.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.inference.InferenceLogFormat;
import dev.bookslake.ml.inference.InferenceRecord;
import dev.bookslake.pipelines.testing.MlLakes;
import dev.bookslake.pipelines.testing.MlLakes.FixtureBook;
import dev.bookslake.pipelines.testing.MlLakes.Labels;
import dev.bookslake.pipelines.train.CandidateSpec;
import dev.bookslake.pipelines.train.ModelTraining;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./bookslake monitor} against an inference log written through the format the API writes
 * with ({@link InferenceLogFormat}), with production models trained on the same books.
 */
class DriftMonitorIT {
  private static final LocalDate DT = LocalDate.parse("2026-04-01");
  private static final Instant AT = Instant.parse(DT + "T10:00:00Z");

  @TempDir Path root;
  private Lake lake;
  private List<FixtureBook> books;

  @BeforeEach
  void productionModelsTrainedOnTheFixture() {
    lake = Lake.at(root);
    books = MlLakes.books(400, 3, Labels.LEARNABLE);
    MlLakes.write(lake, DT, books);
    List<CandidateSpec> quick = List.of(new CandidateSpec(2, 10, 0.3));
    ModelTraining.train(lake, DT, "rating", "", true, quick);
    ModelTraining.train(lake, DT, "price", "", true, quick);
  }

  private CliRun.Result monitor(String... extra) {
    List<String> args =
        new ArrayList<>(List.of("monitor", "--lake", root.toString(), "--run-date", DT.toString()));
    args.addAll(List.of(extra));
    return CliRun.run(args);
  }

  /**
   * One line per book, as the API logs a rating prediction (through the log's format), then {@code
   * tail}.
   */
  private void writeRatingLog(
      List<FixtureBook> logged, UnaryOperator<Map<String, Object>> inputs, String tail)
      throws IOException {
    List<InferenceRecord> records = new ArrayList<>();
    int i = 0;
    for (FixtureBook book : logged) {
      Map<String, Object> columns = inputs.apply(new LinkedHashMap<>(book.columns()));
      records.add(
          new InferenceRecord(
              "req-" + (i++ / 10),
              AT,
              "rating",
              1,
              book.upc(),
              columns,
              MlLakes.CONTRACT.vectorizer("rating").vectorise(columns),
              3f,
              new float[] {0.1f, 0.2f, 0.4f, 0.2f, 0.1f}));
    }
    Path folder =
        Files.createDirectories(InferenceLogFormat.partition(InferenceLogFormat.root(root), DT));
    Path segment = folder.resolve(InferenceLogFormat.segmentName(AT.toEpochMilli(), 4242, 0));
    Files.write(segment, InferenceLogFormat.encode(records));
    Files.writeString(segment, tail, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  @Test
  void aLogInTheFolderTheApiIsConfiguredWithIsRead() throws Exception {
    UnaryOperator<Map<String, Object>> tripled =
        columns -> {
          columns.put(
              "price_excl_tax",
              ((BigDecimal) columns.get("price_excl_tax")).multiply(BigDecimal.valueOf(3)));
          return columns;
        };
    writeRatingLog(books, tripled, "");
    Path elsewhere = root.resolve("audit/predictions");
    Files.createDirectories(elsewhere);
    Files.move(
        InferenceLogFormat.partition(InferenceLogFormat.root(root), DT),
        InferenceLogFormat.partition(elsewhere, DT));

    assertThat(monitor().exitCode()).as("the default folder is empty now").isZero();
    CliRun.Result result = monitor("--inference-log", "audit/predictions");
    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(3);
    assertThat(result.out()).contains("rating v1 against 400 rows from inference_log");
  }

  @Test
  void inputsLikeTheTrainingDataExitZero() throws Exception {
    writeRatingLog(books, UnaryOperator.identity(), "");
    CliRun.Result result = monitor();

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains("rating v1 against 400 rows from inference_log")
        .contains("price v1 against 400 rows from gold_features")
        .endsWith("No significant drift.\n");
    assertThat(value(lake, "SELECT count(*) FROM gold.drift_report WHERE drifted")).isEqualTo(0L);
    assertThat(value(lake, "SELECT count(*) FROM gold.drift_report"))
        .as("one row per model per feature")
        .isEqualTo(
            (long) MlLakes.CONTRACT.features("rating").size()
                + MlLakes.CONTRACT.features("price").size());
  }

  @Test
  void pricesTimesThreeAreSignificantDriftAndExitThree() throws Exception {
    UnaryOperator<Map<String, Object>> tripled =
        columns -> {
          columns.put(
              "price_excl_tax",
              ((BigDecimal) columns.get("price_excl_tax")).multiply(BigDecimal.valueOf(3)));
          return columns;
        };
    writeRatingLog(books, tripled, "{\"request_id\": \"req-x\", \"model\": \"rat");
    CliRun.Result result = monitor();

    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(3);
    assertThat(result.out())
        .contains("Inference log: 400 lines read, 1 skipped (unparseable or truncated)")
        .endsWith("SIGNIFICANT drift on rating.price_excl_tax (exit code 3).\n");
    assertThat(
            rows(
                lake,
                "SELECT model, model_version, source, kind, band, drifted, current_rows, ks_statistic > 0.5"
                    + " AS ks_far FROM gold.drift_report WHERE feature = 'price_excl_tax'"))
        .containsExactly(
            Map.of(
                "model",
                "rating",
                "model_version",
                1,
                "source",
                "inference_log",
                "kind",
                "continuous",
                "band",
                "significant",
                "drifted",
                true,
                "current_rows",
                400L,
                "ks_far",
                true));
    assertThat(value(lake, "SELECT count(*) FROM gold.drift_report WHERE drifted")).isEqualTo(1L);
  }

  @Test
  void aLogSmallerThanMinRowsFallsBackToGoldFeatures() throws Exception {
    writeRatingLog(books.subList(0, 20), UnaryOperator.identity(), "not json at all\n");
    CliRun.Result result = monitor("--min-rows", "50");

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains("Inference log: 20 lines read, 1 skipped")
        .contains("rating v1 against 400 rows from gold_features");
    assertThat(rows(lake, "SELECT DISTINCT source FROM gold.drift_report"))
        .containsExactly(Map.of("source", "gold_features"));
  }

  @Test
  void noProductionModelIsAFailureAndBadArgumentsExitTwo() throws Exception {
    Files.delete(root.resolve("models/rating/_ALIASES.json"));
    Files.delete(root.resolve("models/price/_ALIASES.json"));
    CliRun.Result none = monitor();
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err())
        .startsWith("bookslake monitor failed: Cannot monitor drift: no model in ");

    CliRun.Result bad = monitor("--min-rows", "0");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("Cannot monitor with --min-rows below 1: 0\n");
  }
}
