package dev.bookslake.serving.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bookslake.lake.Lake;
import dev.bookslake.serving.snapshot.SnapshotStore;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-route JSON summary and the histogram quantile estimate it is built on. */
class MetricsTest {
  private static final double[] BOUNDS = {0.001, 0.002, 0.01};

  private SnapshotStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void quantileInterpolatesInsideTheBucketAsHistogramQuantileDoes() {
    // 300 requests up to 1 ms, 240 more up to 2 ms, 60 more up to 10 ms: the figures of
    // monitoring/prometheus/tests/recording.yml, where Prometheus itself estimates them.
    long[] cumulative = {300, 540, 600, 600};
    assertThat(Metrics.quantile(0.5, BOUNDS, cumulative)).isCloseTo(0.001, within(1e-12));
    assertThat(Metrics.quantile(0.95, BOUNDS, cumulative)).isCloseTo(0.006, within(1e-12));
    assertThat(Metrics.quantile(0.99, BOUNDS, cumulative)).isCloseTo(0.0092, within(1e-12));
    // rank 150 of the 300 in (0, 1 ms]: the first bucket starts at 0
    assertThat(Metrics.quantile(0.25, BOUNDS, cumulative)).isCloseTo(0.0005, within(1e-12));
  }

  @Test
  void quantileInTheInfBucketIsTheHighestFiniteBound() {
    long[] cumulative = {0, 0, 10, 100};
    assertThat(Metrics.quantile(0.99, BOUNDS, cumulative)).isEqualTo(0.01);
    assertThat(Metrics.quantile(0.05, BOUNDS, cumulative)).isCloseTo(0.006, within(1e-12));
  }

  @Test
  void quantileOfNothingIsNaNAndOutOfRangeQuantilesAreInfinite() {
    assertThat(Metrics.quantile(0.5, BOUNDS, new long[] {0, 0, 0, 0})).isNaN();
    assertThat(Metrics.quantile(-0.1, BOUNDS, new long[] {1, 1, 1, 1})).isNegative().isInfinite();
    assertThat(Metrics.quantile(1.1, BOUNDS, new long[] {1, 1, 1, 1})).isPositive().isInfinite();
    assertThat(Metrics.quantile(0, BOUNDS, new long[] {0, 4, 4, 4})).isZero();
    assertThatThrownBy(() -> Metrics.quantile(0.5, BOUNDS, new long[] {1, 1}))
        .hasMessage("Cannot estimate a quantile: 2 counts for 3 bounds");
  }

  @Test
  void routeSummaryCountsErrorsAndEstimatesPercentilesPerRouteInOrder() throws IOException {
    Instant before = Instant.now().minusMillis(1);
    Metrics metrics = metrics();
    for (int i = 0; i < 98; i++) {
      metrics.record("GET", "/api/v1/books", 200, 1_200_000); // 1.2 ms: bucket (1, 1.5] ms
    }
    metrics.record("GET", "/api/v1/books", 404, 1_200_000);
    metrics.record("GET", "/api/v1/books", 503, 40_000_000); // 40 ms: bucket (25, 50] ms
    metrics.record("POST", "/api/v1/ml/predict", 200, 3_000_000);
    metrics.record("GET", "/api/v1/books/{id}", 200, 100_000);

    JsonObject summary = json(metrics.routeSummary());
    assertThat(Instant.parse(summary.getString("started_at"))).isAfter(before);
    JsonArray routes = summary.getJsonArray("routes");
    assertThat(routes.stream().map(r -> r.asJsonObject().getString("route")))
        .containsExactly("/api/v1/books", "/api/v1/books/{id}", "/api/v1/ml/predict");

    JsonObject books = routes.getJsonObject(0);
    assertThat(books.keySet())
        .containsExactly(
            "method",
            "route",
            "requests",
            "errors_4xx",
            "errors_5xx",
            "p50_ms",
            "p95_ms",
            "p99_ms");
    assertThat(books.getString("method")).isEqualTo("GET");
    assertThat(books.getInt("requests")).isEqualTo(100);
    assertThat(books.getInt("errors_4xx")).isEqualTo(1);
    assertThat(books.getInt("errors_5xx")).isEqualTo(1);
    // 99 of 100 in (1, 1.5] ms: rank 50 is 50/99 of the way, rank 95 is 95/99, rank 99 the top
    assertThat(books.getJsonNumber("p50_ms").doubleValue()).isEqualTo(1.253);
    assertThat(books.getJsonNumber("p95_ms").doubleValue()).isEqualTo(1.48);
    assertThat(books.getJsonNumber("p99_ms").doubleValue()).isEqualTo(1.5);

    JsonObject predict = routes.getJsonObject(2);
    assertThat(predict.getString("method")).isEqualTo("POST");
    // one request in (2, 3] ms
    assertThat(predict.getJsonNumber("p50_ms").doubleValue()).isEqualTo(2.5);
  }

  @Test
  void routeSummaryOfAFreshServerHasNoRoutes() throws IOException {
    JsonObject summary = json(metrics().routeSummary());
    assertThat(summary.getJsonArray("routes")).isEmpty();
  }

  private Metrics metrics() throws IOException {
    Path lake = Files.createTempDirectory("metrics-test-");
    store = new SnapshotStore(Lake.at(lake), Duration.ofSeconds(5));
    return new Metrics(store);
  }

  private static JsonObject json(byte[] body) {
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
      return reader.readObject();
    }
  }
}
