package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.TableCommit;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.datapath.DataPath;
import dev.bookslake.pipelines.testing.GoldFixture;
import dev.bookslake.pipelines.testing.LakeSql;
import dev.bookslake.sandbox.MalformedSpec;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import dev.bookslake.serving.runs.Runs;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /api/v1/runs} over a lake the real data path built for two days from a sandbox with
 * defective pages: every number equals what DuckDB counts over the lake views, and each stage's
 * duration comes from the start its commit recorded.
 */
@ServerTest
class RunsApiIT {
  private static final Path LAKE = TestLakes.newFolder("runs");
  private static final int BOOKS = 40;
  private static final int PORT = freePort();
  private static final SandboxConfig SANDBOX =
      SandboxConfig.builder()
          .books(BOOKS)
          .port(PORT)
          .malformed(MalformedSpec.parse("missing-price=1,zero-rating=1,duplicate-upc=1"))
          .build();
  private static final List<String> DTS = List.of("2026-01-02", "2026-01-01");
  private static Components components;
  private final Api api;

  RunsApiIT(WebServer server) {
    this.api = new Api(server);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void runDataPath(int day, String runDate) {
    try (SandboxServer sandbox = SandboxServer.start(SANDBOX.toBuilder().day(day).build())) {
      DataPath.run(
          PipelineOptionsFactory.fromArgs(
                  "--source=" + sandbox.baseUri(),
                  "--lake=" + LAKE,
                  "--runDate=" + runDate,
                  "--retryBaseMs=10",
                  "--progressSeconds=60")
              .withValidation()
              .as(DataPath.Options.class));
    }
  }

  @SetUpServer
  static void server(WebServerConfig.Builder server) {
    Main.server(server);
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    runDataPath(0, DTS.get(1));
    runDataPath(1, DTS.get(0));
    components = Components.create(TestLakes.config(LAKE, Map.of()), false).start();
    Main.routing(routing, components);
  }

  @AfterAll
  static void close() {
    components.close();
  }

  private static long count(LocalDate dt, String sql) {
    return ((Number) LakeSql.rowsAsOf(Lake.at(LAKE), dt, sql).getFirst().values().iterator().next())
        .longValue();
  }

  @Test
  void everyNumberIsWhatDuckDbCountsInTheLake() {
    Api.Reply reply = api.get("/api/v1/runs");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    JsonArray runs = reply.json().getJsonArray("runs");
    assertThat(runs.stream().map(r -> r.asJsonObject().getString("dt")))
        .as("newest dt first")
        .containsExactlyElementsOf(DTS);
    Lake lake = Lake.at(LAKE);

    for (JsonValue value : runs) {
      JsonObject run = value.asJsonObject();
      LocalDate dt = LocalDate.parse(run.getString("dt"));
      String where = " WHERE dt = DATE '" + dt + "'";
      JsonObject pages = run.getJsonObject("pages");
      assertThat(pages.getJsonNumber("fetched").longValue())
          .isEqualTo(
              count(dt, "SELECT count(*) FROM bronze.pages" + where + " AND http_status <> 304"))
          .isPositive();
      assertThat(pages.getJsonNumber("not_modified").longValue())
          .isEqualTo(
              count(dt, "SELECT count(*) FROM bronze.pages" + where + " AND http_status = 304"));
      assertThat(pages.getJsonNumber("errors").longValue())
          .isEqualTo(count(dt, "SELECT count(*) FROM bronze.fetch_errors" + where));

      JsonObject quality = run.getJsonObject("quality");
      assertThat(quality.getJsonNumber("quarantined").longValue())
          .isEqualTo(count(dt, "SELECT count(DISTINCT product_url) FROM silver.quarantine" + where))
          .isPositive();
      Map<String, Long> failures = new LinkedHashMap<>();
      for (Map<String, Object> row :
          LakeSql.rowsAsOf(
              lake,
              dt,
              "SELECT rule, failed FROM silver.quality_report"
                  + where
                  + " AND failed > 0 ORDER BY rule")) {
        failures.put((String) row.get("rule"), ((Number) row.get("failed")).longValue());
      }
      Map<String, Long> served = new LinkedHashMap<>();
      quality
          .getJsonObject("failures")
          .forEach((rule, n) -> served.put(rule, ((JsonNumber) n).longValue()));
      assertThat(served).isNotEmpty().isEqualTo(failures);

      JsonObject rows = run.getJsonObject("rows");
      assertThat(rows.keySet())
          .containsExactlyElementsOf(Tables.ALL.stream().map(TableId::toString).toList());
      for (TableId table : Tables.ALL) {
        assertThat(rows.getJsonNumber(table.toString()).longValue())
            .as("%s dt=%s", table, dt)
            .isEqualTo(count(dt, "SELECT count(*) FROM " + table + where));
      }
      assertThat(rows.getJsonNumber("gold.predictions").longValue())
          .as("a table no stage wrote counts 0")
          .isZero();

      JsonArray stages = run.getJsonArray("stages");
      assertThat(stages.stream().map(s -> s.asJsonObject().getString("stage")))
          .containsExactly("scrape", "clean", "features");
      for (JsonValue s : stages) {
        JsonObject stage = s.asJsonObject();
        assertThat(stage.getString("run_id")).startsWith(stage.getString("stage") + "-" + dt);
        Instant committed = Instant.parse(stage.getString("committed_at"));
        Instant started = Instant.parse(stage.getString("started_at"));
        TableCommit last =
            lake.history(lastTable(stage.getString("stage"))).stream()
                .filter(c -> dt.toString().equals(c.dt()))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(committed).isEqualTo(last.committedAt());
        assertThat(stage.getString("run_id")).isEqualTo(last.runId());
        assertThat(started).isEqualTo(last.run().startedAt()).isBefore(committed);
        assertThat(stage.getJsonNumber("duration_seconds").doubleValue())
            .isEqualTo(Duration.between(started, committed).toMillis() / 1000.0)
            .isPositive();
      }
    }
  }

  private static TableId lastTable(String stage) {
    return switch (stage) {
      case "scrape" -> Tables.BRONZE_FETCH_ERRORS;
      case "clean" -> Tables.SILVER_QUALITY_REPORT;
      default -> Tables.GOLD_BOOKS;
    };
  }

  @Test
  void daysCountsBackFromTheNewestDtAndANewCommitIsSeenAtOnce() {
    JsonArray newest = api.get("/api/v1/runs?days=1").json().getJsonArray("runs");
    assertThat(newest).hasSize(1);
    assertThat(newest.getJsonObject(0).getString("dt")).isEqualTo(DTS.getFirst());
    assertThat(api.get("/api/v1/runs?days=366").json().getJsonArray("runs")).hasSize(2);
  }

  @Test
  void commitsWithoutARecordedStartHaveNullDurationsAndMissingTablesCountZero() {
    Path other = TestLakes.newFolder("runs-old");
    Lake lake = Lake.at(other);
    // GoldFixture commits as lakes did before runs recorded their start.
    GoldFixture.write(lake, 12, List.of(LocalDate.parse("2026-01-05")));
    try (Runs runs = new Runs(lake)) {
      List<Runs.DayRuns> days = runs.days(30);
      assertThat(days).hasSize(1);
      Runs.DayRuns day = days.getFirst();
      assertThat(day.fetched()).isZero();
      assertThat(day.rows().get(Tables.BRONZE_PAGES)).isZero();
      assertThat(day.rows().get(Tables.GOLD_BOOKS)).isEqualTo(12);
      assertThat(day.stages()).hasSize(1);
      assertThat(day.stages().getFirst().stage()).isEqualTo("features");
      assertThat(day.stages().getFirst().startedAt()).isNull();
      assertThat(day.stages().getFirst().durationSeconds()).isNull();

      GoldFixture.write(lake, 12, List.of(LocalDate.parse("2026-01-06")));
      assertThat(runs.days(30))
          .as("a new commit changes the cache key")
          .extracting(d -> d.dt().toString())
          .containsExactly("2026-01-06", "2026-01-05");
      String json = new String(runs.json(1), StandardCharsets.UTF_8);
      assertThat(json).contains("\"started_at\":null,\"duration_seconds\":null");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "367", "-1", "abc", "1.5", ""})
  void aBadDaysIsA400NamingIt(String days) {
    api.get("/api/v1/runs?days=" + days).assertProblem(400, "days");
  }

  @Test
  void anUnknownParameterIsA400() {
    api.get("/api/v1/runs?day=3").assertProblem(400, "day");
  }
}
