package dev.bookslake.serving.metrics;

import dev.bookslake.serving.snapshot.GoldSnapshot;
import dev.bookslake.serving.snapshot.SnapshotStore;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Request counts and latency histograms per method and route template, errors by status, and the
 * snapshot in force, written in the Prometheus text format (0.0.4). Recording is lock-free (one map
 * lookup and a few adders per request).
 */
public final class Metrics {
  /** Upper bounds of the latency buckets, in seconds: fine below 10 ms, where the API lives. */
  static final double[] BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01,
    0.015, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final Map<String, RouteStats> routes = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();
  private final LongAdder rateLimited = new LongAdder();
  private final Map<String, LongAdder> shed = new ConcurrentHashMap<>();
  private final LongAdder inferenceLogFailures = new LongAdder();
  private final Map<String, LongAdder> predictions = new ConcurrentHashMap<>();
  private final SnapshotStore snapshots;
  private volatile Supplier<Map<String, Integer>> modelVersions = Map::of;

  public Metrics(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  private static final class RouteStats {
    final String method;
    final String route;
    final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
    final DoubleAdder sum = new DoubleAdder();
    final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

    RouteStats(String method, String route) {
      this.method = method;
      this.route = route;
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }
  }

  /** Records one finished request. */
  public void record(String method, String route, int status, long nanos) {
    RouteStats stats = routes.get(method + ' ' + route);
    if (stats == null) {
      stats = routes.computeIfAbsent(method + ' ' + route, k -> new RouteStats(method, route));
    }
    double seconds = nanos / 1e9;
    int i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]) {
      i++;
    }
    stats.buckets[i].increment();
    stats.sum.add(seconds);
    stats.statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    if (status >= 400) {
      errors.computeIfAbsent(status, s -> new LongAdder()).increment();
    }
  }

  public void rateLimited() {
    rateLimited.increment();
  }

  /**
   * Counts a request refused because a bound on concurrent work was full (a fixed bound name, never
   * client text).
   */
  public void shed(String bound) {
    shed.computeIfAbsent(bound, b -> new LongAdder()).increment();
  }

  /** Counts books predicted by a model. */
  public void predictions(String model, int books) {
    predictions.computeIfAbsent(model, m -> new LongAdder()).add(books);
  }

  /**
   * Counts a prediction request refused because its inference log lines could not be made durable.
   */
  public void inferenceLogFailure() {
    inferenceLogFailures.increment();
  }

  /** Where the served model versions come from (name to version, null when none is loaded). */
  public void modelVersions(Supplier<Map<String, Integer>> versions) {
    this.modelVersions = versions;
  }

  /** Every metric in the Prometheus text exposition format. */
  public String scrape() {
    StringBuilder out = new StringBuilder(8192);
    Map<String, RouteStats> sorted = new TreeMap<>(routes);

    out.append(
        "# HELP bookslake_http_requests_total Requests answered, by method, route template and status.\n");
    out.append("# TYPE bookslake_http_requests_total counter\n");
    sorted
        .values()
        .forEach(
            s ->
                new TreeMap<>(s.statuses)
                    .forEach(
                        (status, n) ->
                            out.append("bookslake_http_requests_total{method=\"")
                                .append(s.method)
                                .append("\",route=\"")
                                .append(escape(s.route))
                                .append("\",status=\"")
                                .append(status)
                                .append("\"} ")
                                .append(n.sum())
                                .append('\n')));

    out.append(
        "# HELP bookslake_http_request_duration_seconds Time to answer a request, by method and route template.\n");
    out.append("# TYPE bookslake_http_request_duration_seconds histogram\n");
    sorted.values().forEach(s -> writeHistogram(out, s));

    out.append("# HELP bookslake_http_errors_total Error responses (4xx and 5xx) by status.\n");
    out.append("# TYPE bookslake_http_errors_total counter\n");
    new TreeMap<>(errors)
        .forEach(
            (status, n) ->
                out.append("bookslake_http_errors_total{status=\"")
                    .append(status)
                    .append("\"} ")
                    .append(n.sum())
                    .append('\n'));

    out.append(
        "# HELP bookslake_rate_limited_total Requests refused by the per-client rate limit.\n");
    out.append("# TYPE bookslake_rate_limited_total counter\n");
    out.append("bookslake_rate_limited_total ").append(rateLimited.sum()).append('\n');

    out.append(
        "# HELP bookslake_shed_total Requests refused with 503 because a bound on concurrent work was full.\n");
    out.append("# TYPE bookslake_shed_total counter\n");
    new TreeMap<>(shed)
        .forEach(
            (bound, n) ->
                out.append("bookslake_shed_total{bound=\"")
                    .append(escape(bound))
                    .append("\"} ")
                    .append(n.sum())
                    .append('\n'));

    writeSnapshot(out);
    writeModels(out);
    return out.toString();
  }

  private static void writeHistogram(StringBuilder out, RouteStats s) {
    String labels = "method=\"" + s.method + "\",route=\"" + escape(s.route) + "\"";
    long cumulative = 0;
    for (int i = 0; i < BUCKETS.length; i++) {
      cumulative += s.buckets[i].sum();
      out.append("bookslake_http_request_duration_seconds_bucket{")
          .append(labels)
          .append(",le=\"")
          .append(format(BUCKETS[i]))
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    cumulative += s.buckets[BUCKETS.length].sum();
    out.append("bookslake_http_request_duration_seconds_bucket{")
        .append(labels)
        .append(",le=\"+Inf\"} ")
        .append(cumulative)
        .append('\n');
    out.append("bookslake_http_request_duration_seconds_sum{")
        .append(labels)
        .append("} ")
        .append(String.format(Locale.ROOT, "%.6f", s.sum.sum()))
        .append('\n');
    out.append("bookslake_http_request_duration_seconds_count{")
        .append(labels)
        .append("} ")
        .append(cumulative)
        .append('\n');
  }

  private void writeSnapshot(StringBuilder out) {
    out.append(
        "# HELP bookslake_snapshot_info The gold snapshot in force (1), labelled by its dt and tag.\n");
    out.append("# TYPE bookslake_snapshot_info gauge\n");
    out.append(
        "# HELP bookslake_snapshot_dt_seconds The dt of the gold snapshot in force, as Unix time (0 when none).\n");
    out.append("# TYPE bookslake_snapshot_dt_seconds gauge\n");
    GoldSnapshot s = snapshots.peek().orElse(null);
    if (s != null) {
      out.append("bookslake_snapshot_info{dt=\"")
          .append(s.dt())
          .append("\",tag=\"")
          .append(s.tag())
          .append("\"} 1\n");
    }
    long dtSeconds = s == null ? 0 : s.dt().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    out.append("bookslake_snapshot_dt_seconds ").append(dtSeconds).append('\n');
    out.append("# HELP bookslake_snapshot_loads_total Gold snapshots loaded since start.\n");
    out.append("# TYPE bookslake_snapshot_loads_total counter\n");
    out.append("bookslake_snapshot_loads_total ").append(snapshots.loads()).append('\n');
    out.append(
        "# HELP bookslake_snapshot_load_failures_total Gold snapshots that failed to load.\n");
    out.append("# TYPE bookslake_snapshot_load_failures_total counter\n");
    out.append("bookslake_snapshot_load_failures_total ").append(snapshots.failures()).append('\n');
    out.append("# HELP bookslake_snapshot_load_seconds Time the last snapshot load took.\n");
    out.append("# TYPE bookslake_snapshot_load_seconds gauge\n");
    out.append("bookslake_snapshot_load_seconds ")
        .append(String.format(Locale.ROOT, "%.3f", snapshots.lastLoadSeconds()))
        .append('\n');
  }

  private void writeModels(StringBuilder out) {
    out.append("# HELP bookslake_ml_predictions_total Books predicted, by model.\n");
    out.append("# TYPE bookslake_ml_predictions_total counter\n");
    new TreeMap<>(predictions)
        .forEach(
            (model, n) ->
                out.append("bookslake_ml_predictions_total{model=\"")
                    .append(escape(model))
                    .append("\"} ")
                    .append(n.sum())
                    .append('\n'));
    out.append(
        "# HELP bookslake_ml_inference_log_failures_total Prediction requests answered 503 because the inference log could not be written.\n");
    out.append("# TYPE bookslake_ml_inference_log_failures_total counter\n");
    out.append("bookslake_ml_inference_log_failures_total ")
        .append(inferenceLogFailures.sum())
        .append('\n');
    out.append(
        "# HELP bookslake_ml_model_version The production model version serving predicts with (0 when none).\n");
    out.append("# TYPE bookslake_ml_model_version gauge\n");
    new TreeMap<>(modelVersions.get())
        .forEach(
            (model, v) ->
                out.append("bookslake_ml_model_version{model=\"")
                    .append(escape(model))
                    .append("\"} ")
                    .append(v == null ? 0 : v)
                    .append('\n'));
  }

  private static String format(double bound) {
    return java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
  }

  private static String escape(String label) {
    return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
