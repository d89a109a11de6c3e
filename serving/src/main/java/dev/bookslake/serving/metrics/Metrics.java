package dev.bookslake.serving.metrics;

import dev.bookslake.serving.drift.DriftReports;
import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.runs.Runs;
import dev.bookslake.serving.scraping.Job;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import dev.bookslake.serving.snapshot.SnapshotStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Request counts and latency histograms per method and route template, errors by status, the
 * snapshot in force and the lake's view of the daily run, written in the Prometheus text format
 * (0.0.4), and summarised per route as JSON for the dashboard. Recording is lock-free (one map
 * lookup and a few adders per request); a scrape reads figures already in memory, never the lake.
 *
 * <pre>{@code
 * Metrics metrics = new Metrics(snapshots);
 * metrics.record("GET", "/api/v1/books", 200, 1_200_000);
 * String text = metrics.scrape();
 * byte[] json = metrics.routeSummary();
 * }</pre>
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
  private volatile @Nullable PipelineStatus pipeline;
  private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

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

  /** Where the stage commits, drift flags and job states come from. */
  public void pipeline(PipelineStatus status) {
    this.pipeline = status;
  }

  /** When this server started (when its metrics began counting). */
  public Instant startedAt() {
    return startedAt;
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
    writePipeline(out);
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
    gauge(
        out,
        "bookslake_gold_commit_timestamp_seconds",
        "When the gold.books partition in force was committed, as Unix time (0 when none).",
        s == null ? 0 : s.committedAt().getEpochSecond());
    gauge(
        out,
        "bookslake_lake_gold_commit_timestamp_seconds",
        "When the newest gold.books partition of the lake was committed, as the last poll saw it"
            + " (0 when none); above the one in force while a new snapshot waits or fails to load.",
        snapshots.lakeCommittedAt().map(Instant::getEpochSecond).orElse(0L));
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

  private void writePipeline(StringBuilder out) {
    PipelineStatus status = pipeline;
    PipelineStatus.Figures f = status == null ? PipelineStatus.Figures.NONE : status.figures();
    out.append(
        "# HELP bookslake_stage_last_commit_timestamp_seconds The newest commit a bookslake run made"
            + " to the table each stage commits last (scrape: bronze.fetch_errors, clean:"
            + " silver.quality_report, features: gold.books, predict: gold.predictions, monitor:"
            + " gold.drift_report), as Unix time.\n");
    out.append("# TYPE bookslake_stage_last_commit_timestamp_seconds gauge\n");
    Runs.STAGES.stream()
        .map(Runs.Stage::name)
        .forEach(
            stage -> {
              Instant at = f.stageCommits().get(stage);
              if (at != null) {
                out.append("bookslake_stage_last_commit_timestamp_seconds{stage=\"")
                    .append(stage)
                    .append("\"} ")
                    .append(at.getEpochSecond())
                    .append('\n');
              }
            });
    out.append(
        "# HELP bookslake_scraping_jobs Runs this process triggered (POST /scraping/trigger), by"
            + " state.\n");
    out.append("# TYPE bookslake_scraping_jobs gauge\n");
    for (Job.State state : Job.State.values()) {
      out.append("bookslake_scraping_jobs{state=\"")
          .append(state.name().toLowerCase(Locale.ROOT))
          .append("\"} ")
          .append(f.jobs().getOrDefault(state, 0L))
          .append('\n');
    }
    out.append(
        "# HELP bookslake_scraping_job_last_status The state of the latest run this process"
            + " triggered (1 for its state, 0 for the others; none before the first).\n");
    out.append("# TYPE bookslake_scraping_job_last_status gauge\n");
    if (f.lastJobState() != null) {
      for (Job.State state : Job.State.values()) {
        out.append("bookslake_scraping_job_last_status{status=\"")
            .append(state.name().toLowerCase(Locale.ROOT))
            .append("\"} ")
            .append(state == f.lastJobState() ? 1 : 0)
            .append('\n');
      }
    }
    gauge(
        out,
        "bookslake_scraping_job_last_end_timestamp_seconds",
        "When the latest run this process triggered ended, as Unix time (0 while none has).",
        f.lastJobEnded() == null ? 0 : f.lastJobEnded().getEpochSecond());
    out.append(
        "# HELP bookslake_drift_detected Whether the latest gold.drift_report flags a feature of a"
            + " production model as drifted (1) or not (0).\n");
    out.append("# TYPE bookslake_drift_detected gauge\n");
    for (DriftReports.Flag d : f.drift()) {
      driftLabels(out.append("bookslake_drift_detected"), d)
          .append(d.drifted() ? 1 : 0)
          .append('\n');
    }
    out.append(
        "# HELP bookslake_drift_psi The population stability index of a feature in the latest"
            + " gold.drift_report.\n");
    out.append("# TYPE bookslake_drift_psi gauge\n");
    for (DriftReports.Flag d : f.drift()) {
      driftLabels(out.append("bookslake_drift_psi"), d)
          .append(String.format(Locale.ROOT, "%.6f", d.psi()))
          .append('\n');
    }
    gauge(
        out,
        "bookslake_pipeline_status_refreshed_timestamp_seconds",
        "When the stage commits, drift flags and job states were last read, as Unix time.",
        f.refreshedAt() == null ? 0 : f.refreshedAt().getEpochSecond());
    out.append(
        "# HELP bookslake_pipeline_status_refresh_failures_total Reads of the stage commits, drift"
            + " flags or job states that failed (the previous figures were kept).\n");
    out.append("# TYPE bookslake_pipeline_status_refresh_failures_total counter\n");
    out.append("bookslake_pipeline_status_refresh_failures_total ")
        .append(status == null ? 0 : status.failures())
        .append('\n');
  }

  private static StringBuilder driftLabels(StringBuilder out, DriftReports.Flag d) {
    return out.append("{model=\"")
        .append(escape(d.model()))
        .append("\",feature=\"")
        .append(escape(d.feature()))
        .append("\"} ");
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  /**
   * Per method and route template (sorted by method, then route): requests, 4xx and 5xx answers,
   * and the p50/p95/p99 latency in milliseconds estimated from the histogram as {@link #quantile}
   * does, as the JSON of {@code GET /api/v1/metrics/routes}.
   */
  public byte[] routeSummary() {
    List<RouteStats> sorted = new ArrayList<>(routes.values());
    sorted.sort(
        Comparator.comparing((RouteStats r) -> r.method).thenComparing((RouteStats r) -> r.route));
    JsonOut out = new JsonOut(256 + sorted.size() * 160).beginObject();
    out.name("started_at").value(startedAt.toString());
    out.name("routes").beginArray();
    for (RouteStats r : sorted) {
      long[] cumulative = new long[r.buckets.length];
      long running = 0;
      for (int i = 0; i < r.buckets.length; i++) {
        running += r.buckets[i].sum();
        cumulative[i] = running;
      }
      long errors4xx = 0;
      long errors5xx = 0;
      for (Map.Entry<Integer, LongAdder> e : r.statuses.entrySet()) {
        int status = e.getKey();
        if (status >= 400 && status < 500) {
          errors4xx += e.getValue().sum();
        } else if (status >= 500) {
          errors5xx += e.getValue().sum();
        }
      }
      out.beginObject().name("method").value(r.method).name("route").value(r.route);
      out.name("requests").value(running);
      out.name("errors_4xx").value(errors4xx).name("errors_5xx").value(errors5xx);
      out.name("p50_ms").value(millis(quantile(0.5, BUCKETS, cumulative)));
      out.name("p95_ms").value(millis(quantile(0.95, BUCKETS, cumulative)));
      out.name("p99_ms").value(millis(quantile(0.99, BUCKETS, cumulative)));
      out.endObject();
    }
    return out.endArray().endObject().toBytes();
  }

  private static Double millis(double seconds) {
    return Double.isNaN(seconds) ? null : Math.round(seconds * 1e6) / 1e3;
  }

  /**
   * The {@code q}-quantile of a histogram, as Prometheus' {@code histogram_quantile} estimates it:
   * the bucket holding rank {@code q * count}, interpolated linearly between its bounds (the first
   * bucket starts at 0); a rank in the {@code +Inf} bucket answers the highest finite bound.
   *
   * @param bounds the finite upper bounds, ascending
   * @param cumulative the cumulative counts of each bucket, {@code +Inf} last ({@code bounds.length
   *     + 1} of them)
   * @return the estimate, NaN when the histogram counted nothing
   */
  static double quantile(double q, double[] bounds, long[] cumulative) {
    if (cumulative.length != bounds.length + 1) {
      throw new IllegalArgumentException(
          "Cannot estimate a quantile: "
              + cumulative.length
              + " counts for "
              + bounds.length
              + " bounds");
    }
    long total = cumulative[bounds.length];
    if (total == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    double rank = q * total;
    int b = 0;
    while (cumulative[b] < rank) {
      b++;
    }
    if (b == bounds.length) {
      return bounds[bounds.length - 1];
    }
    double start = b == 0 ? 0 : bounds[b - 1];
    long below = b == 0 ? 0 : cumulative[b - 1];
    double inBucket = cumulative[b] - below;
    if (inBucket == 0) {
      // Rank 0 (q = 0) in an empty first bucket.
      return start;
    }
    return start + (bounds[b] - start) * ((rank - below) / inBucket);
  }

  private static String format(double bound) {
    return java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
  }

  private static String escape(String label) {
    return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
