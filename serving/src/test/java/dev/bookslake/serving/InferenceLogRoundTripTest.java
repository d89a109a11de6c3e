package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.drift.FeatureStatistics;
import dev.bookslake.ml.inference.InferenceLogFormat;
import dev.bookslake.ml.inference.InferenceRecord;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.pipelines.monitor.DriftMonitor;
import dev.bookslake.schemas.features.Feature;
import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.metrics.Metrics;
import dev.bookslake.serving.predict.InferenceLog;
import dev.bookslake.serving.predict.Predictions;
import dev.bookslake.serving.predict.ServingModels;
import dev.bookslake.serving.snapshot.SnapshotStore;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API writes to its inference log is what {@code bookslake monitor} reads: predictions
 * made through the serving path (request parsing, DJL, the group-commit writer) are read back with
 * the monitor's reader field for field, and the monitor itself compares exactly those rows.
 */
class InferenceLogRoundTripTest {
  private static final int BOOKS = 12;

  @TempDir Path dir;

  /** A sent request and what the API answered. */
  private record Exchange(
      String model,
      JsonObject request,
      JsonObject response,
      float[][] vectors,
      Instant before,
      Instant after) {}

  @Test
  void whatTheServerLogsTheMonitorReadsFieldForField() throws Exception {
    Lake lake = Lake.at(dir.resolve("lake"));
    productionModelWithTrainingStatistics(lake, "rating");
    productionModelWithTrainingStatistics(lake, "price");
    Path logRoot = InferenceLogFormat.root(lake.root());
    List<Map<String, Object>> books = TestModels.books(BOOKS, 99);

    List<Exchange> exchanges = new ArrayList<>();
    SnapshotStore snapshots = new SnapshotStore(lake, Duration.ofHours(1));
    try (ServingModels models =
            new ServingModels(
                    ModelRegistry.in(lake),
                    TestModels.CONTRACT,
                    List.of("rating", "price"),
                    Duration.ofHours(1))
                .start();
        InferenceLog log = new InferenceLog(logRoot, 1 << 20, Duration.ofSeconds(10))) {
      Predictions predictions = new Predictions(models, log, 100, new Metrics(snapshots));
      for (String model : List.of("rating", "price")) {
        // One batch and one single book per model: both shapes of body.
        exchanges.add(predict(predictions, model, books.subList(0, BOOKS - 1)));
        exchanges.add(predict(predictions, model, books.subList(BOOKS - 1, BOOKS)));
      }
    } finally {
      snapshots.close();
    }

    LocalDate dt = InferenceLogFormat.dt(exchanges.get(0).before());
    Map<String, List<InferenceRecord>> byRequest = new HashMap<>();
    InferenceLogFormat.ReadSummary summary =
        InferenceLogFormat.read(
            logRoot,
            dt,
            r -> byRequest.computeIfAbsent(r.requestId(), k -> new ArrayList<>()).add(r));
    assertThat(summary.skipped()).as("every line the server wrote reads back").isZero();
    assertThat(summary.records()).isEqualTo(2L * BOOKS);

    for (Exchange exchange : exchanges) {
      List<InferenceRecord> logged = byRequest.get(exchange.response().getString("request_id"));
      List<JsonObject> sent = books(exchange.request());
      assertThat(logged)
          .as("one line per book of request %s", exchange.response())
          .hasSize(sent.size());
      for (int i = 0; i < sent.size(); i++) {
        InferenceRecord record = logged.get(i);
        JsonObject answered = exchange.response().getJsonArray("predictions").getJsonObject(i);
        assertThat(record.model())
            .isEqualTo(exchange.model())
            .isEqualTo(exchange.response().getString("model"));
        assertThat(record.version()).isEqualTo(exchange.response().getInt("version")).isEqualTo(2);
        assertThat(record.at()).isBetween(exchange.before(), exchange.after());
        assertThat(record.bookId()).as("the columns were sent, not an id").isNull();
        assertThat(record.caller()).as("who asked").isEqualTo("192.0.2.7");
        assertThat(record.inputs())
            .as("the columns as received")
            .isEqualTo(javaValues(sent.get(i)));
        assertThat(record.features())
            .as("the vector the model saw")
            .isEqualTo(exchange.vectors()[i]);
        if (exchange.model().equals("rating")) {
          assertThat(record.prediction()).isEqualTo((float) answered.getInt("rating"));
          JsonObject probabilities = answered.getJsonObject("probabilities");
          float[] expected = new float[probabilities.size()];
          List<Integer> classes = TestModels.CONTRACT.target("rating").classes();
          for (int c = 0; c < expected.length; c++) {
            expected[c] =
                Float.parseFloat(
                    probabilities.getJsonNumber(Integer.toString(classes.get(c))).toString());
          }
          assertThat(record.probabilities()).isEqualTo(expected);
        } else {
          assertThat(record.prediction())
              .isEqualTo(Float.parseFloat(answered.getJsonNumber("price").toString()));
          assertThat(record.probabilities()).isNull();
        }
      }
    }

    DriftMonitor.Report report = DriftMonitor.monitor(lake, logRoot, dt, 1, "monitor-test");
    assertThat(report.logLines()).isEqualTo(2L * BOOKS);
    assertThat(report.skippedLines()).isZero();
    assertThat(report.models())
        .extracting(
            DriftMonitor.ModelDrift::model,
            DriftMonitor.ModelDrift::version,
            DriftMonitor.ModelDrift::source,
            DriftMonitor.ModelDrift::rows)
        .containsExactlyInAnyOrder(
            tuple("rating", 2, DriftMonitor.INFERENCE_LOG, (long) BOOKS),
            tuple("price", 2, DriftMonitor.INFERENCE_LOG, (long) BOOKS));
  }

  @Test
  void missingFeaturesAreLoggedAsNullReadBackAsNaNAndSkippedByTheMonitor() throws Exception {
    Lake lake = Lake.at(dir.resolve("lake"));
    productionModelWithTrainingStatistics(lake, "rating");
    productionModelWithTrainingStatistics(lake, "price");
    Path logRoot = InferenceLogFormat.root(lake.root());
    // The original API's examples: partial books, availability as the site writes it.
    String rating = "{\"price\": 51.77, \"category\": \"Poetry\", \"availability\": \"In stock\"}";
    String price =
        "{\"books\": [{\"rating\": 4, \"category\": \"Fiction\", \"availability\": \"In stock\"},"
            + " {\"rating\": 2, \"review_count\": 3, \"availability\": \"Out of stock\"}]}";
    SnapshotStore snapshots = new SnapshotStore(lake, Duration.ofHours(1));
    Instant before = Instant.now();
    try (ServingModels models =
            new ServingModels(
                    ModelRegistry.in(lake),
                    TestModels.CONTRACT,
                    List.of("rating", "price"),
                    Duration.ofHours(1))
                .start();
        InferenceLog log = new InferenceLog(logRoot, 1 << 20, Duration.ofSeconds(10))) {
      Predictions predictions = new Predictions(models, log, 100, new Metrics(snapshots));
      predictions.predict(
          "rating", rating.getBytes(StandardCharsets.UTF_8), Optional.empty(), "192.0.2.7");
      predictions.predict(
          "price", price.getBytes(StandardCharsets.UTF_8), Optional.empty(), "192.0.2.7");
    } finally {
      snapshots.close();
    }

    LocalDate dt = InferenceLogFormat.dt(before);
    List<InferenceRecord> read = new ArrayList<>();
    InferenceLogFormat.ReadSummary summary = InferenceLogFormat.read(logRoot, dt, read::add);
    assertThat(summary.skipped()).as("lines with missing features read back").isZero();
    assertThat(read).hasSize(3);
    InferenceRecord poetry =
        read.stream().filter(r -> r.model().equals("rating")).findFirst().get();
    assertThat(poetry.inputs())
        .as("the columns the request gave, under their gold.books names")
        .containsOnlyKeys("price_excl_tax", "in_stock", "category")
        .containsEntry("price_excl_tax", new BigDecimal("51.77"))
        .containsEntry("in_stock", true);
    Map<String, Object> given = new HashMap<>(poetry.inputs());
    assertThat(poetry.features())
        .as("NaN where the model saw a missing value")
        .isEqualTo(TestModels.CONTRACT.vectorizer("rating").vectorisePartial(given).vector());
    String lines;
    try (var files = Files.walk(logRoot)) {
      lines =
          files
              .filter(Files::isRegularFile)
              .map(
                  f -> {
                    try {
                      return Files.readString(f);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .reduce("", String::concat);
    }
    assertThat(lines)
        .as("JSON has no NaN: a missing value is null")
        .contains("null,")
        .doesNotContain("NaN");

    DriftMonitor.Report report = DriftMonitor.monitor(lake, logRoot, dt, 1, "monitor-test");
    DriftMonitor.ModelDrift priceDrift =
        report.models().stream().filter(m -> m.model().equals("price")).findFirst().get();
    assertThat(priceDrift.source()).isEqualTo(DriftMonitor.INFERENCE_LOG);
    assertThat(priceDrift.rows()).isEqualTo(2);
    Map<String, Long> currentRows = new HashMap<>();
    priceDrift.features().forEach(f -> currentRows.put(f.feature(), f.currentRows()));
    assertThat(currentRows)
        .as("per feature, only the rows that gave it")
        .containsEntry("rating", 2L)
        .containsEntry("in_stock", 2L)
        .containsEntry("review_count", 1L)
        .containsEntry("stock_count", 1L)
        .containsEntry("category", 1L)
        .containsEntry("description_length", 0L);
    assertThat(priceDrift.features())
        .filteredOn(f -> f.currentRows() == 0)
        .allSatisfy(f -> assertThat(f.drifted()).isFalse());
  }

  /**
   * A trained model registered again with its training data's statistics (the monitor compares
   * against them), promoted to production as v2.
   */
  private void productionModelWithTrainingStatistics(Lake lake, String target) {
    ModelVersion v1 =
        TestModels.trainAndRegister(lake, target, 5, dir.resolve("scratch")).version();
    float[][] rows = TestModels.vectors(target, TestModels.books(600, 42));
    ModelRegistry registry = ModelRegistry.in(lake);
    ModelVersion v2 =
        registry.register(
            target,
            v1.modelFile(),
            v1.metadata().toBuilder()
                .version(0)
                .createdAt(null)
                .featureStatistics(
                    FeatureStatistics.of(TestModels.CONTRACT.features(target), Arrays.asList(rows)))
                .build());
    registry.promote(
        target, v2.version(), ModelRegistry.PRODUCTION, "test", "with training statistics");
  }

  private static Exchange predict(
      Predictions predictions, String model, List<Map<String, Object>> books) {
    List<Map<String, Object>> columns = books.stream().map(b -> columns(model, b)).toList();
    String body =
        columns.size() == 1
            ? new JsonOut(256).value(columns.get(0)).toString()
            : new JsonOut(4096).beginObject().name("books").value(columns).endObject().toString();
    JsonObject request = read(body.getBytes(StandardCharsets.UTF_8));
    Instant before = Instant.now();
    byte[] answer =
        predictions.predict(
            model, body.getBytes(StandardCharsets.UTF_8), Optional.empty(), "192.0.2.7");
    Instant after = Instant.now();
    return new Exchange(
        model, request, read(answer), TestModels.vectors(model, books), before, after);
  }

  private static Map<String, Object> columns(String model, Map<String, Object> book) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Feature f : TestModels.CONTRACT.features(model)) {
      out.put(f.source(), book.get(f.source()));
    }
    return out;
  }

  private static List<JsonObject> books(JsonObject request) {
    return request.containsKey("books")
        ? request.getJsonArray("books").getValuesAs(JsonObject.class)
        : List.of(request);
  }

  /** A sent book as plain Java values: numbers exact, as the log keeps them. */
  private static Map<String, Object> javaValues(JsonObject book) {
    Map<String, Object> out = new LinkedHashMap<>();
    book.forEach(
        (name, value) ->
            out.put(
                name,
                switch (value.getValueType()) {
                  case NUMBER -> ((JsonNumber) value).bigDecimalValue();
                  case STRING -> ((JsonString) value).getString();
                  case TRUE -> true;
                  case FALSE -> false;
                  default -> value == JsonValue.NULL ? null : value.toString();
                }));
    return out;
  }

  private static JsonObject read(byte[] json) {
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(json))) {
      return reader.readObject();
    }
  }
}
