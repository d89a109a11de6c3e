package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The scraping trigger runs a real child process (a small shell script), one at a time. */
@ServerTest
class ScrapingApiTest {
  private static final String SECRET = "scraping-test-secret-0123456789abcdef";
  private static final Path WORK = TestLakes.newFolder("scraping");
  private static final Path HOLD = WORK.resolve("hold");
  private static final Path EXIT_CODE = WORK.resolve("exit-code");
  private static final Path ENV_SEEN = WORK.resolve("env-seen");

  /** What the child may see: the launcher's needs, and what the shell itself adds. */
  private static final List<String> ALLOWED_ENV =
      List.of(
          "PATH",
          "HOME",
          "USER",
          "LANG",
          "LC_ALL",
          "LC_CTYPE",
          "TZ",
          "TMPDIR",
          "JAVA_HOME",
          "BOOKSLAKE_HOME",
          "BOOKSLAKE_LAKE",
          "BOOKSLAKE_JAVA_OPTS",
          "BOOKSLAKE_NO_BUILD",
          "BOOKSLAKE_JIT",
          "BOOKSLAKE_JVM_DIRS",
          "BOOKSLAKE_DUCKDB_EXTENSIONS",
          "OMP_NUM_THREADS",
          "MAVEN_OPTS",
          "PWD",
          "OLDPWD",
          "SHLVL",
          "_");

  private static final Path SCRIPT = script();
  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(
                  TestLakes.shared(),
                  Map.of(
                      "auth.jwt-secret",
                      SECRET,
                      "scraping.command.0",
                      "sh",
                      "scraping.command.1",
                      SCRIPT.toString(),
                      "scraping.command.2",
                      "{date}",
                      "scraping.command.3",
                      "{lake}",
                      "scraping.jobs-dir",
                      WORK.resolve("jobs").toString())),
              false)
          .start();
  private final Api api;
  private final String bearer;

  ScrapingApiTest(WebServer server) {
    this.api = new Api(server);
    this.bearer = Api.bearer(SECRET, "alice");
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
  void runsOneJobAtATimeAndReportsSuccessAndFailure() throws Exception {
    // start a run that waits until the hold file is gone
    Files.writeString(HOLD, "hold");
    Api.Reply started = api.post("/api/v1/scraping/trigger", "", "Authorization", bearer);
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    JsonObject job = started.json();
    String id = job.getString("id");
    assertThat(started.header("Location")).isEqualTo("/api/v1/scraping/jobs/" + id);
    assertThat(job.getString("mode")).isEqualTo("process");
    assertThat(job.getString("state")).isIn("queued", "running");
    assertThat(job.getString("run_date")).isEqualTo(LocalDate.now().toString());

    // a second trigger while it runs is refused
    api.post("/api/v1/scraping/trigger", "", "Authorization", bearer).assertProblem(409, id);

    // let it finish
    Files.delete(HOLD);
    JsonObject done = waitFor(id);
    assertThat(done.getString("state")).isEqualTo("succeeded");
    assertThat(done.getInt("exit_code")).isZero();
    assertThat(done.getString("started_at")).isNotBlank();
    assertThat(done.getString("ended_at")).isNotBlank();
    assertThat(
            done.getJsonArray("log_tail").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString))
        .contains("run-date " + LocalDate.now(), "lake <lake>", "tmp <path>", "done");
    // The status shows no command line and no path of this machine.
    assertThat(done.keySet()).doesNotContain("command", "log_file");
    assertThat(done.toString())
        .doesNotContain(TestLakes.shared().toString())
        .doesNotContain(WORK.toString());
    // The child got a minimal environment: none of the server's secrets, nothing it does not need.
    List<String> seen =
        Files.readAllLines(ENV_SEEN).stream()
            .filter(l -> l.contains("="))
            .map(l -> l.substring(0, l.indexOf('=')))
            .toList();
    assertThat(seen).contains("PATH", "BOOKSLAKE_LAKE").isSubsetOf(ALLOWED_ENV);

    // a failing run reports its exit code
    Files.writeString(EXIT_CODE, "3");
    String failedId =
        api.post("/api/v1/scraping/trigger", "", "Authorization", bearer).json().getString("id");
    JsonObject failed = waitFor(failedId);
    assertThat(failed.getString("state")).isEqualTo("failed");
    assertThat(failed.getInt("exit_code")).isEqualTo(3);
    assertThat(failed.getString("error")).contains("exited with code 3");
  }

  private JsonObject waitFor(String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonObject job = api.get("/api/v1/scraping/jobs/" + id, "Authorization", bearer).json();
      String state = job.getString("state");
      if (state.equals("succeeded") || state.equals("failed") || System.nanoTime() > deadline) {
        return job;
      }
      Thread.sleep(50);
    }
  }

  private static Path script() {
    try {
      Path script = WORK.resolve("fake-run.sh");
      Files.writeString(
          script,
          """
          echo "run-date $1"
          echo "lake $2"
          echo "tmp /var/tmp/some/file.txt"
          env > '%s'

          while [ -f '%s' ]; do sleep 0.05; done
          echo "done"
          exit $(cat '%s' 2>/dev/null || echo 0)
          """
              .formatted(ENV_SEEN, HOLD, EXIT_CODE));
      return script;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
