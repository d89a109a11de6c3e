package dev.bookslake.cli;

import static dev.bookslake.pipelines.testing.LakeSql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bookslake.lake.Lake;
import dev.bookslake.sandbox.FaultSpec;
import dev.bookslake.sandbox.RequestRecord;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data path on a real Flink session cluster ({@code ./bookslake cluster start}: a JobManager
 * and two TaskManagers, each its own JVM), submitted as users submit it ({@code ./bookslake run
 * --runner FlinkRunner --flink-master 127.0.0.1:PORT}), and its silver and gold compared row for
 * row with the DirectRunner's on the same sandbox.
 */
class FlinkClusterIT {
  private static final String DT = "2026-01-01";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Each table, and the columns that name the run rather than the data (time, run id). */
  private static final Map<String, String> COMPARED =
      Map.of(
          "silver.books", "EXCLUDE (scraped_at, run_id)",
          "silver.book_history", "",
          "silver.quarantine", "EXCLUDE (scraped_at, run_id)",
          "gold.books", "EXCLUDE (scraped_at, run_id, first_seen)",
          "gold.features", "",
          "gold.training_data", "",
          "gold.category_stats", "",
          "gold.similar_books", "",
          "gold.book_sentiment", "",
          "gold.overview", "");

  @TempDir static Path dir;
  private static Path clusterHome;
  private static int restPort;

  @BeforeAll
  static void startCluster() throws Exception {
    clusterHome = dir.resolve("flink");
    restPort = freePort();
    Result started =
        cluster(
            "start",
            "--taskmanagers",
            "2",
            "--slots",
            "1",
            "--port",
            Integer.toString(restPort),
            "--rpc-port",
            Integer.toString(freePort()),
            "--home",
            clusterHome.toString());
    assertThat(started.exitCode()).as(started.output()).isZero();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    List<Long> pids = new java.util.ArrayList<>();
    try (var files = Files.list(clusterHome.resolve("run"))) {
      for (Path file : files.toList()) {
        pids.add(Long.parseLong(Files.readString(file).trim().split(" ")[0]));
      }
    }
    assertThat(pids).as("a JobManager and two TaskManagers").hasSize(3);
    Result stopped = cluster("stop", "--home", clusterHome.toString());
    assertThat(stopped.exitCode()).as(stopped.output()).isZero();
    assertThat(pids)
        .as("every process start started has ended")
        .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertThat(cluster("status", "--home", clusterHome.toString()).output())
        .contains("not started");
  }

  @Test
  void theDataPathOnTwoTaskManagersEqualsTheDirectRunnersRowForRow() throws Exception {
    try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.builder().books(200).build())) {
      Path direct = dir.resolve("direct");
      Path onCluster = dir.resolve("cluster");
      ShadedJar.Result local = ShadedJar.run(dir, run(sandbox, direct));
      assertThat(local.exitCode()).as(local.output()).isZero();
      Set<String> before = jobIds();
      ShadedJar.Result remote = ShadedJar.run(dir, onCluster(run(sandbox, onCluster)));
      assertThat(remote.exitCode()).as(remote.output()).isZero();

      // The three stages ran as jobs of that cluster, spread over both TaskManagers.
      List<JsonNode> jobs = new java.util.ArrayList<>();
      rest("/jobs/overview")
          .get("jobs")
          .forEach(
              job -> {
                if (!before.contains(job.get("jid").asText())) {
                  jobs.add(job);
                }
              });
      assertThat(jobs).hasSize(3).allMatch(job -> job.get("state").asText().equals("FINISHED"));
      Set<String> taskManagers = new HashSet<>();
      int parallelism = 0;
      for (JsonNode job : jobs) {
        for (JsonNode vertex : rest("/jobs/" + job.get("jid").asText()).get("vertices")) {
          parallelism = Math.max(parallelism, vertex.get("parallelism").asInt());
          JsonNode placed =
              rest(
                  "/jobs/"
                      + job.get("jid").asText()
                      + "/vertices/"
                      + vertex.get("id").asText()
                      + "/taskmanagers");
          placed
              .get("taskmanagers")
              .forEach(tm -> taskManagers.add(tm.get("taskmanager-id").asText()));
        }
      }
      assertThat(parallelism).isEqualTo(2);
      assertThat(taskManagers).hasSize(2);

      Lake expected = Lake.at(direct);
      Lake actual = Lake.at(onCluster);
      assertThat(rows(actual, "SELECT count(*) AS n FROM silver.books"))
          .isEqualTo(List.of(Map.of("n", 200L)));
      COMPARED.forEach(
          (table, exclude) -> {
            String sql = "SELECT * " + exclude + " FROM " + table + " ORDER BY ALL";
            assertThat(rows(actual, sql)).as(table).isEqualTo(rows(expected, sql));
          });
    }
  }

  @Test
  void aScrapeOnTwoTaskManagersHoldsTheHostsConcurrencyCapAndCrawlDelay() throws Exception {
    // Slow answers make requests overlap, so that a second worker's own limit would show.
    SandboxConfig slow =
        SandboxConfig.builder()
            .books(120)
            .faults(FaultSpec.parse("slow=0.3"))
            .slowMillis(150)
            .build();
    try (SandboxServer sandbox = SandboxServer.start(slow)) {
      ShadedJar.Result scraped =
          ShadedJar.run(
              dir, onCluster(scrape(sandbox, dir.resolve("capped")), "--max-concurrency", "2"));
      assertThat(scraped.exitCode()).as(scraped.output()).isZero();
      assertThat(sandbox.requests()).hasSizeGreaterThan(120);
      assertThat(sandbox.maxConcurrentRequests()).as("requests in flight at once").isEqualTo(2);
    }
    SandboxConfig delayed =
        SandboxConfig.builder().books(30).crawlDelaySeconds(0.05).robots404(false).build();
    try (SandboxServer sandbox = SandboxServer.start(delayed)) {
      ShadedJar.Result scraped =
          ShadedJar.run(dir, onCluster(scrape(sandbox, dir.resolve("delayed"))));
      assertThat(scraped.exitCode()).as(scraped.output()).isZero();
      List<RequestRecord> pages =
          sandbox.requests().stream().filter(r -> !r.path().equals("/robots.txt")).toList();
      assertThat(pages).hasSize(32);
      for (int i = 1; i < pages.size(); i++) {
        assertThat(Duration.between(pages.get(i - 1).at(), pages.get(i).at()).toMillis())
            .as("gap before request %d", i)
            .isGreaterThanOrEqualTo(45);
      }
      assertThat(sandbox.maxConcurrentRequests()).isEqualTo(1);
    }
  }

  private static String[] scrape(SandboxServer sandbox, Path lake) {
    return new String[] {
      "scrape",
      "--source",
      sandbox.baseUri().toString(),
      "--lake",
      lake.toString(),
      "--run-date",
      DT
    };
  }

  private static String[] onCluster(String[] command, String... more) {
    return concat(
        concat(
            command,
            "--runner",
            "FlinkRunner",
            "--flink-master",
            "127.0.0.1:" + restPort,
            "--parallelism",
            "2"),
        more);
  }

  private static Set<String> jobIds() throws Exception {
    Set<String> ids = new HashSet<>();
    rest("/jobs/overview").get("jobs").forEach(job -> ids.add(job.get("jid").asText()));
    return ids;
  }

  private static String[] run(SandboxServer sandbox, Path lake) {
    return new String[] {
      "run", "--source", sandbox.baseUri().toString(), "--lake", lake.toString(), "--run-date", DT
    };
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = new String[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  @Test
  void theJobManagerServesFlinksWebUi() throws Exception {
    assertThat(get("/")).contains("<title>Apache Flink Web Dashboard</title>");
    assertThat(rest("/overview").get("taskmanagers").asInt()).isEqualTo(2);
  }

  private static JsonNode rest(String path) throws Exception {
    return JSON.readTree(get(path));
  }

  private static String get(String path) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
    return answer.body();
  }

  private record Result(int exitCode, String output) {}

  /** {@code ./bookslake cluster ARGS}: the script the launcher runs for it. */
  private static Result cluster(String... args) throws Exception {
    Path home = Path.of("..").toAbsolutePath().normalize();
    Path log = Files.createTempFile(dir, "cluster-", ".log");
    List<String> command = concatList(home.resolve("scripts/flink-cluster.sh").toString(), args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("BOOKSLAKE_HOME", home.toString());
    Process process = builder.start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("cluster %s ends", args[0]).isTrue();
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static List<String> concatList(String first, String... more) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), List.of(more).stream())
        .toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
