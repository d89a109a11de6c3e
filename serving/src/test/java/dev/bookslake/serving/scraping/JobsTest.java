package dev.bookslake.serving.scraping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bookslake.serving.problem.ProblemException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs started as child processes; and, against a stand-in Airflow on loopback, the Airflow answers
 * a real Airflow cannot be made to give: a 5xx, a body that is not JSON, a task list that cannot be
 * read for a failed run. Triggering, following and explaining real DAG runs is tested against a
 * running Airflow (airflow_dags/tests/test_running_airflow.py).
 */
class JobsTest {
  private HttpServer airflow;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> dagState = new AtomicReference<>("queued");
  private final AtomicReference<String> triggerAnswer =
      new AtomicReference<>("{\"dag_run_id\": \"run-1\", \"state\": \"queued\"}");
  private final AtomicInteger triggerStatus = new AtomicInteger(200);
  private final AtomicReference<String> validToken = new AtomicReference<>("none yet");
  @TempDir Path temp;

  @BeforeEach
  void startStandInAirflow() throws IOException {
    airflow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    airflow.createContext(
        "/auth/token",
        ex -> {
          calls.add("token " + body(ex));
          validToken.set("jwt-" + calls.size());
          reply(ex, 201, "{\"access_token\": \"" + validToken.get() + "\"}");
        });
    airflow.createContext(
        "/api/v2/dags/bookslake_daily/dagRuns",
        ex -> {
          String path = ex.getRequestURI().getPath();
          calls.add(ex.getRequestMethod() + " " + path + " " + body(ex));
          if (!("Bearer " + validToken.get())
              .equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 401, "{}");
          } else if (ex.getRequestMethod().equals("POST")) {
            reply(ex, triggerStatus.get(), triggerAnswer.get());
          } else if (path.endsWith("/taskInstances")) {
            reply(ex, 500, "{\"detail\": \"Internal Server Error\"}");
          } else {
            reply(ex, 200, "{\"dag_run_id\": \"run-1\", \"state\": \"" + dagState.get() + "\"}");
          }
        });
    airflow.start();
  }

  @AfterEach
  void stop() {
    airflow.stop(0);
  }

  @Test
  void aServerErrorOnTriggerIsA502NamingIt() {
    triggerStatus.set(500);
    triggerAnswer.set("{\"detail\": \"Internal Server Error\"}");
    assertThatThrownBy(() -> viaAirflow().trigger())
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(502))
        .hasMessage("Cannot trigger DAG bookslake_daily: Airflow answered 500");
    // the logical date is the moment of the request (Airflow keeps one run per logical date)
    assertThat(calls.get(1))
        .startsWith("POST /api/v2/dags/bookslake_daily/dagRuns")
        .contains("\"logical_date\":\"2026-01-01T10:00:00Z\"")
        .contains("\"dag_run_id\":\"bookslake_api__2026-01-01T10:00:00.000Z\"");
  }

  @Test
  void anAnswerThatIsNotJsonIsA502() {
    triggerAnswer.set("<html>proxy error</html>");
    assertThatThrownBy(() -> viaAirflow().trigger())
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(502))
        .hasMessage("Cannot trigger DAG bookslake_daily: Airflow answered malformed JSON");
  }

  @Test
  void aFailedRunWhoseTasksCannotBeReadStillSaysItFailed() {
    Jobs jobs = viaAirflow();
    Job job = jobs.trigger();
    dagState.set("failed");

    assertThat(jobs.find(job.id()).orElseThrow().state()).isEqualTo(Job.State.FAILED);
    assertThat(new String(job.toJson(5), StandardCharsets.UTF_8))
        .contains(
            "\"error\":\"Airflow DAG run run-1 failed; Cannot read the tasks of DAG run run-1:"
                + " Airflow answered 500\"")
        .contains("\"log_tail\":[]");
  }

  @Test
  void oneTokenServesEveryCallUntilAirflowRefusesItThenALoginReplacesIt() {
    Jobs jobs = viaAirflow();
    Job job = jobs.trigger();
    dagState.set("running");
    jobs.find(job.id());
    jobs.find(job.id());
    assertThat(calls).filteredOn(c -> c.startsWith("token ")).hasSize(1);

    validToken.set("expired");
    dagState.set("success");
    assertThat(jobs.find(job.id()).orElseThrow().state()).isEqualTo(Job.State.SUCCEEDED);
    assertThat(calls).filteredOn(c -> c.startsWith("token ")).hasSize(2);
  }

  private Jobs viaAirflow() {
    return jobs(
        Optional.of(
            new Jobs.Airflow(
                URI.create("http://127.0.0.1:" + airflow.getAddress().getPort()),
                "admin",
                "secret",
                "bookslake_daily")));
  }

  @Test
  void defaultCommandIsTheLauncherForToday() {
    Jobs jobs = jobs(Optional.empty());
    assertThat(jobs.command(java.time.LocalDate.parse("2026-01-01")))
        .containsExactly(
            temp.resolve("home/bookslake").toString(),
            "run",
            "--source",
            "http://shop.local/",
            "--lake",
            temp.resolve("lake").toString(),
            "--run-date",
            "2026-01-01");
  }

  @Test
  void aRunWithoutAScrapingSourceIsADocumented409NotA5xx() {
    Jobs jobs =
        new Jobs(
            new Jobs.Settings(
                List.of(),
                null,
                temp.resolve("lake"),
                temp.resolve("home"),
                temp.resolve("jobs"),
                Duration.ofMinutes(1),
                Optional.empty(),
                Clock.systemUTC(),
                10));
    assertThatThrownBy(jobs::trigger)
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(409))
        .satisfies(
            e -> assertThat(((ProblemException) e).problem().type()).endsWith(":not-configured"))
        .hasMessageContaining("set scraping.source");
  }

  @Test
  void aCommandThatCannotStartFailsWithoutShowingPaths() throws Exception {
    Jobs jobs =
        jobs(Optional.empty(), List.of(temp.resolve("no-such-launcher").toString(), "{lake}"));
    Job job = jobs.trigger();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!job.state().finished() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    String status = new String(job.toJson(5), StandardCharsets.UTF_8);
    assertThat(job.state()).isEqualTo(Job.State.FAILED);
    assertThat(status)
        .contains("Cannot start the command")
        .doesNotContain(temp.toString())
        .doesNotContain("no-such-launcher");
  }

  private Jobs jobs(Optional<Jobs.Airflow> airflowSettings) {
    return jobs(airflowSettings, List.of());
  }

  private Jobs jobs(Optional<Jobs.Airflow> airflowSettings, List<String> command) {
    return new Jobs(
        new Jobs.Settings(
            command,
            "http://shop.local/",
            temp.resolve("lake"),
            temp.resolve("home"),
            temp.resolve("jobs"),
            Duration.ofMinutes(1),
            airflowSettings,
            Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC),
            10));
  }

  private static String body(HttpExchange ex) throws IOException {
    return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
