package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.TableFiles;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.testing.GoldFixture;
import dev.bookslake.schemas.bronze.FetchError;
import dev.bookslake.schemas.bronze.Page;
import dev.bookslake.schemas.gold.FeatureDriftRow;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics the alert rules of {@code monitoring/prometheus} need, from a real server over a lake
 * with gold, a scrape commit and a drift report: every {@code bookslake_*} name the rules use is
 * exported, the values say what the lake holds, the scrape passes {@code promtool check metrics},
 * and the per-route JSON summary follows its contract.
 */
@ServerTest
class AlertRuleMetricsTest {
  private static final Path RULES = Path.of("..", "monitoring", "prometheus");
  // A metric name, not the tail of a recording rule's name (bookslake:…:…) or of a word.
  private static final Pattern METRIC = Pattern.compile("(?<![\\w:])bookslake_[a-z0-9_]+\\b");
  private static final Path LAKE = lake();
  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(LAKE, Map.of("metrics.pipeline-refresh-interval", "PT0.1S")), false)
          .start();
  private final Api api;

  AlertRuleMetricsTest(WebServer server) {
    this.api = new Api(server);
  }

  /** Gold of two days, a scrape commit of the second, and a drift report flagging one feature. */
  private static Path lake() {
    Path root = TestLakes.newFolder("alerts");
    Lake lake = Lake.at(root);
    GoldFixture.write(lake, 20, List.of(TestLakes.DAY_1, TestLakes.DAY_2));
    writeScrape(lake);
    writeDriftReport(lake);
    return root;
  }

  /** One page and one fetch error, committed as the scrape stage commits them. */
  private static void writeScrape(Lake lake) {
    String run = "scrape-2026-01-02-test";
    PendingSnapshot pending = lake.begin(Tables.BRONZE_PAGES, TestLakes.DAY_2, run);
    Page page =
        Page.newBuilder()
            .setUrl("http://127.0.0.1:8000/index.html")
            .setPageKind("home")
            .setHttpStatus(200)
            .setBody("<html></html>")
            .setSha256("%064x".formatted(1))
            .setAttempts(1)
            .setFetchedAt(Instant.parse("2026-01-02T06:00:00Z"))
            .setRunId(run)
            .setDt(TestLakes.DAY_2.toString())
            .build();
    TableFiles.write(Page.class, pending.directory().resolve("part-0.parquet"), List.of(page));
    pending.commit(1);
    // The scrape commits its fetch errors last: that commit ends the stage (Runs.STAGES).
    PendingSnapshot errors = lake.begin(Tables.BRONZE_FETCH_ERRORS, TestLakes.DAY_2, run);
    FetchError error =
        FetchError.newBuilder()
            .setUrl("http://127.0.0.1:8000/catalogue/missing_1/index.html")
            .setPageKind("product")
            .setErrorClass("http_4xx")
            .setMessage("HTTP 404")
            .setAttempts(1)
            .setLastStatus(404)
            .setFailedAt(Instant.parse("2026-01-02T06:00:01Z"))
            .setRunId(run)
            .setDt(TestLakes.DAY_2.toString())
            .build();
    TableFiles.write(
        FetchError.class, errors.directory().resolve("part-0.parquet"), List.of(error));
    errors.commit(1);
  }

  private static void writeDriftReport(Lake lake) {
    PendingSnapshot pending = lake.begin(Tables.GOLD_DRIFT_REPORT, TestLakes.DAY_2, "monitor-test");
    Path plain = TestLakes.newFolder("alerts-drift").resolve("drift.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute(
          """
          COPY (SELECT * REPLACE (psi::DOUBLE AS psi, ks_statistic::DOUBLE AS ks_statistic,
              ks_p_value::DOUBLE AS ks_p_value, p_value::DOUBLE AS p_value,
              reference_mean::DOUBLE AS reference_mean, current_mean::DOUBLE AS current_mean)
            FROM (VALUES
            ('rating', 3, 'inference_log', 'price_excl_tax', 'continuous', 0.31, 'significant', 0.2, 0.001, 0.001, 480::BIGINT, 90::BIGINT, 31.2, 44.0, true),
            ('rating', 3, 'inference_log', 'category', 'discrete', 0.02, 'none', NULL, NULL, 0.9, 480::BIGINT, 90::BIGINT, 0.1, 0.1, false))
            t(model, model_version, source, feature, kind, psi, band, ks_statistic, ks_p_value, p_value, reference_rows,
              current_rows, reference_mean, current_mean, drifted),
            (SELECT '2026-01-02T06:00:00Z' AS created_at, '2026-01-02' AS dt))
          TO '%s' (FORMAT parquet)"""
              .formatted(plain));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    TableFiles.write(
        FeatureDriftRow.class,
        pending.directory().resolve("part-0.parquet"),
        TableFiles.readForeign(FeatureDriftRow.class, plain));
    pending.commit(2);
  }

  @SetUpServer
  static void server(WebServerConfig.Builder server) {
    Main.server(server);
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    Main.routing(routing, COMPONENTS);
  }

  @AfterAll
  static void close() {
    COMPONENTS.close();
  }

  @Test
  void everyMetricTheRulesNameIsExported() throws IOException {
    Set<String> used = metricsUsedByRules();
    assertThat(used)
        .as("the rules name the metrics of every alert")
        .contains(
            "bookslake_http_requests_total",
            "bookslake_http_request_duration_seconds_bucket",
            "bookslake_gold_commit_timestamp_seconds",
            "bookslake_lake_gold_commit_timestamp_seconds",
            "bookslake_stage_last_commit_timestamp_seconds",
            "bookslake_scraping_job_last_status",
            "bookslake_scraping_job_last_end_timestamp_seconds",
            "bookslake_drift_detected");
    api.get("/api/v1/books/1");
    String scrape = api.get("/api/v1/metrics").body();
    for (String name : used) {
      String family = name.replaceFirst("_(bucket|sum|count)$", "");
      boolean histogramPart = !family.equals(name);
      assertThat(scrape)
          .as("%s is exported", name)
          .contains("# TYPE " + family + (histogramPart ? " histogram\n" : " "));
    }
  }

  @Test
  void theFiguresSayWhatTheLakeHolds() throws Exception {
    Lake lake = Lake.at(LAKE);
    long gold = lake.current(Tables.GOLD_BOOKS).orElseThrow().committedAt().getEpochSecond();
    long scrape = lake.history(Tables.BRONZE_FETCH_ERRORS).getLast().committedAt().getEpochSecond();
    String text = scrapeOnceRefreshed();
    assertThat(text)
        .contains("\nbookslake_gold_commit_timestamp_seconds " + gold + "\n")
        .contains("\nbookslake_lake_gold_commit_timestamp_seconds " + gold + "\n")
        .contains("\nbookslake_stage_last_commit_timestamp_seconds{stage=\"features\"} " + gold)
        .contains("\nbookslake_stage_last_commit_timestamp_seconds{stage=\"scrape\"} " + scrape)
        .contains("\nbookslake_stage_last_commit_timestamp_seconds{stage=\"monitor\"} ")
        // the fixture lake has no silver.quality_report or gold.predictions commits
        .doesNotContain("{stage=\"clean\"}")
        .doesNotContain("{stage=\"predict\"}")
        .contains(
            "\nbookslake_drift_detected{model=\"rating\",feature=\"price_excl_tax\"} 1\n",
            "\nbookslake_drift_detected{model=\"rating\",feature=\"category\"} 0\n",
            "\nbookslake_drift_psi{model=\"rating\",feature=\"price_excl_tax\"} 0.310000\n")
        // no run was triggered through this server
        .contains("\nbookslake_scraping_jobs{state=\"failed\"} 0\n")
        .doesNotContain("bookslake_scraping_job_last_status{")
        .contains("\nbookslake_scraping_job_last_end_timestamp_seconds 0\n")
        .contains("\nbookslake_pipeline_status_refresh_failures_total 0\n");
  }

  @Test
  void aRealScrapePassesPromtoolCheckMetrics() throws Exception {
    api.get("/api/v1/books/1");
    api.get("/api/v1/nope");
    Path scrape = TestLakes.newFolder("alerts-scrape").resolve("metrics.txt");
    Files.writeString(scrape, scrapeOnceRefreshed());
    run(List.of("../scripts/debian-packages.sh", "promtool:prometheus"), null);
    String lint = run(List.of("promtool", "check", "metrics"), scrape);
    assertThat(lint).as("promtool check metrics").isEmpty();
  }

  @Test
  void routeSummaryFollowsItsContract() {
    api.get("/api/v1/books/1");
    api.get("/api/v1/books/1");
    api.get("/api/v1/books/99999");
    Api.Reply reply = api.get("/api/v1/metrics/routes");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    JsonObject summary = reply.json();
    assertThat(Instant.parse(summary.getString("started_at"))).isBefore(Instant.now());
    JsonArray routes = summary.getJsonArray("routes");
    List<String> keys =
        routes.stream()
            .map(
                r ->
                    r.asJsonObject().getString("method")
                        + " "
                        + r.asJsonObject().getString("route"))
            .toList();
    assertThat(keys).isSorted().contains("GET /api/v1/books/{id}");
    JsonObject book = routes.getJsonObject(keys.indexOf("GET /api/v1/books/{id}"));
    assertThat(book.getInt("requests")).isGreaterThanOrEqualTo(3);
    assertThat(book.getInt("errors_4xx")).isGreaterThanOrEqualTo(1);
    assertThat(book.getInt("errors_5xx")).isZero();
    double p50 = book.getJsonNumber("p50_ms").doubleValue();
    double p99 = book.getJsonNumber("p99_ms").doubleValue();
    assertThat(p50).isPositive().isLessThanOrEqualTo(book.getJsonNumber("p95_ms").doubleValue());
    assertThat(book.getJsonNumber("p95_ms").doubleValue()).isLessThanOrEqualTo(p99);
    // the summary is an ordinary route: it shows up in the metrics itself
    assertThat(api.get("/api/v1/metrics").body()).contains("route=\"/api/v1/metrics/routes\"");
    api.get("/api/v1/metrics/routes?x=1").assertProblem(400, "x");
  }

  /** A scrape taken after the pipeline figures were read at least once more. */
  private String scrapeOnceRefreshed() throws InterruptedException {
    Pattern refreshed =
        Pattern.compile("\nbookslake_pipeline_status_refreshed_timestamp_seconds (\\d+)\n");
    long now = Instant.now().getEpochSecond();
    for (int i = 0; i < 100; i++) {
      String text = api.get("/api/v1/metrics").body();
      Matcher m = refreshed.matcher(text);
      if (m.find() && Long.parseLong(m.group(1)) >= now) {
        return text;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the pipeline figures were not refreshed within 10 s");
  }

  private static Set<String> metricsUsedByRules() throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.list(RULES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        Matcher m = METRIC.matcher(Files.readString(file));
        while (m.find()) {
          names.add(m.group());
        }
      }
    }
    return names;
  }

  private static String run(List<String> command, Path stdin) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish within 60 s");
    }
    assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
    return out;
  }
}
