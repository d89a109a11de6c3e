package dev.bookslake.serving.scraping;

import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.problem.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Triggers and follows the {@code bookslake_daily} DAG through Airflow 3's REST API: a JWT from
 * {@code POST /auth/token}, then {@code POST /api/v2/dags/{dag}/dagRuns} and {@code GET
 * /api/v2/dags/{dag}/dagRuns/{run}}; for a failed run, its task instances and the failed task's log
 * ({@code .../taskInstances/{task}/logs/{try}}). One token serves every call until Airflow refuses
 * it.
 */
final class AirflowClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  // A task log of a long run can be large; more than this is not read (the reason still is).
  private static final int MAX_ANSWER_BYTES = 16 << 20;
  private static final String OUTPUT_START = "Output:";
  private static final String OUTPUT_END = "Command exited with return code";
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final URI base;
  private final String username;
  private final String password;
  private final String dagId;
  // HTTP/1.1: the client's default HTTP/2 upgrade (h2c) on a request with a body is answered
  // "400 Invalid HTTP request received" by uvicorn, which serves Airflow 3's API.
  // One token for every call until Airflow refuses it (its lifetime is Airflow's to set).
  private volatile String token;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  /** What Airflow says about a DAG run. */
  record RunState(String runId, String state, Instant start, Instant end) {}

  /** A task instance of a DAG run: its state and how many tries it has had. */
  record TaskTry(String taskId, String state, int tryNumber) {}

  AirflowClient(URI base, String username, String password, String dagId) {
    this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    this.username = username;
    this.password = password;
    this.dagId = dagId;
  }

  String dagId() {
    return dagId;
  }

  /**
   * Starts a DAG run whose logical date is {@code at}. Airflow keeps one run per logical date, so
   * the API's runs use the moment of the request, never midnight: a run the scheduler made for the
   * same day (logical date 00:00) does not block them, and their {@code ds} is still that day.
   */
  RunState trigger(Instant at, Map<String, Object> conf) {
    Instant logical = at.truncatedTo(ChronoUnit.MILLIS);
    byte[] body =
        new JsonOut(256)
            .beginObject()
            .name("dag_run_id")
            .value("bookslake_api__" + ID_TIME.format(logical))
            .name("logical_date")
            .value(logical.toString())
            .name("conf")
            .value(conf)
            .endObject()
            .toBytes();
    return runState(
        authorized(
            HttpRequest.newBuilder(dagRunsUri(""))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
            "trigger DAG " + dagId));
  }

  /** The current state of a DAG run. */
  RunState state(String runId) {
    return runState(
        authorized(
            HttpRequest.newBuilder(dagRunsUri("/" + encode(runId))).GET(),
            "read DAG run " + runId));
  }

  /** The task instances of a DAG run. */
  List<TaskTry> taskInstances(String runId) {
    JsonObject json =
        authorized(
            HttpRequest.newBuilder(dagRunsUri("/" + encode(runId) + "/taskInstances?limit=100"))
                .GET(),
            "read the tasks of DAG run " + runId);
    List<TaskTry> tasks = new ArrayList<>();
    for (JsonValue v : array(json, "task_instances")) {
      if (v instanceof JsonObject t && string(t, "task_id") != null) {
        tasks.add(
            new TaskTry(
                string(t, "task_id"),
                string(t, "state"),
                t.get("try_number") instanceof JsonNumber n ? n.intValue() : 0));
      }
    }
    return tasks;
  }

  /**
   * What one try of a task printed: a BashOperator's command output (the lines between Airflow's
   * {@code Output:} and {@code Command exited with return code N}, that last line included), else
   * the try's error events. Airflow's own lines before the output name the command and are left
   * out.
   */
  List<String> taskOutput(String runId, String taskId, int tryNumber) {
    JsonObject json =
        authorized(
            HttpRequest.newBuilder(
                    dagRunsUri(
                        "/"
                            + encode(runId)
                            + "/taskInstances/"
                            + encode(taskId)
                            + "/logs/"
                            + tryNumber
                            + "?full_content=true"))
                .header("Accept", "application/json")
                .GET(),
            "read the log of task " + taskId);
    List<String> output = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    boolean inOutput = false;
    for (JsonValue v : array(json, "content")) {
      String event = v instanceof JsonObject e ? string(e, "event") : null;
      if (event == null) {
        continue;
      }
      if (!inOutput && OUTPUT_START.equals(event)) {
        inOutput = true;
      } else if (inOutput) {
        output.add(event);
        inOutput = !event.startsWith(OUTPUT_END);
      } else if (v instanceof JsonObject e
          && ("error".equals(string(e, "level")) || "critical".equals(string(e, "level")))) {
        errors.add(event);
      }
    }
    return output.isEmpty() ? errors : output;
  }

  /**
   * Sends a request with the cached token, logging in first when there is none; a 401 (the token
   * expired, or Airflow's API server restarted with new keys) logs in again and sends once more.
   */
  private JsonObject authorized(HttpRequest.Builder request, String what) {
    String current = token;
    if (current == null) {
      current = login();
      token = current;
    }
    try {
      return send(request.copy().header("Authorization", "Bearer " + current), what, true);
    } catch (TokenRefused refused) {
      current = login();
      token = current;
      return send(request.copy().header("Authorization", "Bearer " + current), what, false);
    }
  }

  private String login() {
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
            "get an Airflow token",
            false);
    String issued = string(json, "access_token");
    if (issued == null) {
      throw ProblemException.badGateway("Cannot get an Airflow token: Airflow answered no token");
    }
    return issued;
  }

  private URI dagRunsUri(String suffix) {
    return base.resolve("api/v2/dags/" + encode(dagId) + "/dagRuns" + suffix);
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonObject send(HttpRequest.Builder request, String what, boolean tokenMayExpire) {
    try {
      HttpResponse<InputStream> res =
          http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = res.body()) {
        body = in.readNBytes(MAX_ANSWER_BYTES + 1);
      }
      if (res.statusCode() == 401 && tokenMayExpire) {
        throw new TokenRefused();
      }
      if (res.statusCode() / 100 != 2) {
        throw ProblemException.badGateway(
            "Cannot " + what + ": Airflow answered " + res.statusCode());
      }
      if (body.length > MAX_ANSWER_BYTES) {
        throw ProblemException.badGateway(
            "Cannot "
                + what
                + ": Airflow's answer is larger than "
                + (MAX_ANSWER_BYTES >> 20)
                + " MiB");
      }
      try (JsonReader reader =
          Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
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

  /** Airflow refused the cached token: log in again and retry once. */
  private static final class TokenRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TokenRefused() {
      super(null, null, false, false);
    }
  }

  private static JsonArray array(JsonObject json, String field) {
    return json.get(field) instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
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
