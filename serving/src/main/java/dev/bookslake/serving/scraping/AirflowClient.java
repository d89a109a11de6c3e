package dev.bookslake.serving.scraping;

import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.problem.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * Triggers and follows the {@code bookslake_daily} DAG through Airflow 3's REST API: a JWT from
 * {@code POST /auth/token}, then {@code POST /api/v2/dags/{dag}/dagRuns} and {@code GET
 * /api/v2/dags/{dag}/dagRuns/{run}}.
 */
final class AirflowClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final URI base;
  private final String username;
  private final String password;
  private final String dagId;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** What Airflow says about a DAG run. */
  record RunState(String runId, String state, Instant start, Instant end) {}

  AirflowClient(URI base, String username, String password, String dagId) {
    this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    this.username = username;
    this.password = password;
    this.dagId = dagId;
  }

  String dagId() {
    return dagId;
  }

  /** Starts a DAG run for a logical date. */
  RunState trigger(LocalDate runDate, Map<String, Object> conf) {
    byte[] body =
        new JsonOut(256)
            .beginObject()
            .name("dag_run_id")
            .value("bookslake_api__" + runDate + "__" + System.currentTimeMillis())
            .name("logical_date")
            .value(runDate.atStartOfDay().toString() + ":00Z")
            .name("conf")
            .value(conf)
            .endObject()
            .toBytes();
    return runState(
        send(
            HttpRequest.newBuilder(dagRunsUri(""))
                .header("Authorization", "Bearer " + token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
            "trigger DAG " + dagId));
  }

  /** The current state of a DAG run. */
  RunState state(String runId) {
    return runState(
        send(
            HttpRequest.newBuilder(
                    dagRunsUri("/" + URLEncoder.encode(runId, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token())
                .GET(),
            "read DAG run " + runId));
  }

  private String token() {
    byte[] body =
        new JsonOut(128)
            .beginObject()
            .name("username")
            .value(username)
            .name("password")
            .value(password)
            .endObject()
            .toBytes();
    JsonObject json =
        send(
            HttpRequest.newBuilder(base.resolve("auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
            "get an Airflow token");
    return string(json, "access_token");
  }

  private URI dagRunsUri(String suffix) {
    return base.resolve(
        "api/v2/dags/" + URLEncoder.encode(dagId, StandardCharsets.UTF_8) + "/dagRuns" + suffix);
  }

  private JsonObject send(HttpRequest.Builder request, String what) {
    try {
      HttpResponse<String> res =
          http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() / 100 != 2) {
        throw ProblemException.badGateway(
            "Cannot " + what + ": Airflow answered " + res.statusCode());
      }
      try (JsonReader reader = Json.createReader(new StringReader(res.body()))) {
        return reader.readObject();
      }
    } catch (IOException e) {
      throw ProblemException.badGateway("Cannot " + what + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProblemException.badGateway("Cannot " + what + ": interrupted");
    } catch (jakarta.json.JsonException e) {
      throw ProblemException.badGateway("Cannot " + what + ": Airflow answered malformed JSON");
    }
  }

  private static RunState runState(JsonObject json) {
    return new RunState(
        string(json, "dag_run_id"),
        string(json, "state"),
        instant(json, "start_date"),
        instant(json, "end_date"));
  }

  private static String string(JsonObject json, String field) {
    JsonValue v = json.get(field);
    return v instanceof JsonString s ? s.getString() : null;
  }

  private static Instant instant(JsonObject json, String field) {
    String s = string(json, field);
    try {
      return s == null ? null : java.time.OffsetDateTime.parse(s).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
