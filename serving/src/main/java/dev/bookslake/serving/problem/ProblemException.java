package dev.bookslake.serving.problem;

import dev.bookslake.serving.http.ClientText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception type the services throw for a request that cannot be answered; the routing maps
 * it once to an {@code application/problem+json} response. Build it with the factories, whose
 * details read "Cannot &lt;verb&gt; &lt;thing&gt;: &lt;value&gt;". Client text in a detail (a
 * value, an id, a path) is quoted with {@link ClientText#quote}, so a detail is short whatever was
 * sent.
 */
public final class ProblemException extends RuntimeException {
  private final transient Problem problem;
  private final Map<String, String> headers;

  private ProblemException(Problem problem, Map<String, String> headers) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.headers = Map.copyOf(headers);
  }

  public ProblemException(Problem problem) {
    this(problem, Map.of());
  }

  public Problem problem() {
    return problem;
  }

  /** Headers the response must carry, e.g. {@code Allow} or {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The same problem with one more response header. */
  public ProblemException withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ProblemException(problem, more);
  }

  /** 400: a query parameter or body field has a bad value; names the field and the value. */
  public static ProblemException invalidParameter(String field, Object value, String rule) {
    String shown = value == null ? null : ClientText.quote(value);
    String name = ClientText.quote(field);
    return new ProblemException(
        Problem.of(
                "invalid-parameter",
                "Invalid parameter",
                400,
                "Cannot use " + name + "=" + (shown == null ? "(missing)" : shown) + ": " + rule)
            .with("field", name)
            .with("value", shown));
  }

  /**
   * 400: one item of a request body is wrong; the detail leads with its path, e.g. {@code
   * books[3].rating: Cannot vectorise feature rating: 7 is above 5}.
   */
  public static ProblemException invalidItem(String field, String reason) {
    String name = ClientText.quote(field);
    return new ProblemException(
        Problem.of(
                "invalid-parameter",
                "Invalid parameter",
                400,
                name + ": " + ClientText.quote(reason, ClientText.MAX_MESSAGE_CHARS))
            .with("field", name));
  }

  /**
   * 404: one item of a request body names a resource the current snapshot does not have; the detail
   * leads with its path, e.g. {@code books[1].id: Cannot find book: 99999}.
   */
  public static ProblemException missingItem(String field, String reason) {
    String name = ClientText.quote(field);
    return new ProblemException(
        Problem.of(
                "not-found",
                "Not found",
                404,
                name + ": " + ClientText.quote(reason, ClientText.MAX_MESSAGE_CHARS))
            .with("field", name));
  }

  /** 400: a body field is required but missing. */
  public static ProblemException missingField(String field) {
    return new ProblemException(
        Problem.of(
                "invalid-parameter",
                "Invalid parameter",
                400,
                "Cannot find required field: " + field)
            .with("field", field));
  }

  /** 400: the request body is not the JSON it should be. */
  public static ProblemException malformedBody(String reason) {
    return new ProblemException(
        Problem.of(
                "malformed-body",
                "Malformed request body",
                400,
                "Cannot parse request body as JSON: " + ClientText.quote(reason))
            .with("field", "body"));
  }

  /** 404: a resource named in the path does not exist in the current snapshot. */
  public static ProblemException notFound(String what, String id) {
    String shown = ClientText.quote(id);
    return new ProblemException(
        Problem.of("not-found", "Not found", 404, "Cannot find " + what + ": " + shown)
            .with("field", "id")
            .with("value", shown));
  }

  /**
   * 404: a query parameter names a state of the lake that does not exist, e.g. a snapshot id the
   * table never had or a date before its first partition; the detail says which.
   */
  public static ProblemException notFoundFor(String field, Object value, String detail) {
    return new ProblemException(
        Problem.of("not-found", "Not found", 404, detail)
            .with("field", ClientText.quote(field))
            .with("value", ClientText.quote(value)));
  }

  /**
   * 404: an action names something this server does not have, e.g. "Cannot predict with unknown
   * model: price".
   */
  public static ProblemException unknown(String action, String what, String id) {
    String shown = ClientText.quote(id);
    return new ProblemException(
        Problem.of(
                "not-found",
                "Not found",
                404,
                "Cannot " + action + " unknown " + what + ": " + shown)
            .with("value", shown));
  }

  /** 404: no route has this path. */
  public static ProblemException noRoute(String path) {
    return new ProblemException(
        Problem.of(
            "no-route",
            "No such route",
            404,
            "Cannot find a route for path: " + ClientText.quote(path)));
  }

  /** 405: the path exists but not for this method. */
  public static ProblemException methodNotAllowed(String method, String path, String allow) {
    return new ProblemException(
            Problem.of(
                "method-not-allowed",
                "Method not allowed",
                405,
                "Cannot "
                    + ClientText.quote(method)
                    + " "
                    + ClientText.quote(path)
                    + ": allowed methods are "
                    + allow))
        .withHeader("Allow", allow);
  }

  /** 401: a protected route without a valid access token. */
  public static ProblemException unauthorized(String detail) {
    return new ProblemException(Problem.of("unauthorized", "Unauthorized", 401, detail))
        .withHeader("WWW-Authenticate", "Bearer realm=\"bookslake\"");
  }

  /** 409: the request conflicts with work in progress. */
  public static ProblemException conflict(String detail) {
    return new ProblemException(Problem.of("conflict", "Conflict", 409, detail));
  }

  /**
   * 409: the request needs a feature this server is not configured for, e.g. no scraping source.
   */
  public static ProblemException notConfigured(String detail) {
    return new ProblemException(Problem.of("not-configured", "Not configured", 409, detail));
  }

  /** 413: the request body is larger than the API accepts. */
  public static ProblemException payloadTooLarge(long limit) {
    return new ProblemException(
        Problem.of(
                "payload-too-large",
                "Payload too large",
                413,
                "Cannot accept a request body over " + limit + " bytes")
            .with("field", "body"));
  }

  /** 413: a batch holds more items than one request may. */
  public static ProblemException batchTooLarge(String what, int limit, int got) {
    return new ProblemException(
        Problem.of(
                "payload-too-large",
                "Payload too large",
                413,
                "Cannot " + what + " more than " + limit + " items in one request: got " + got)
            .with("field", "body")
            .with("limit", limit));
  }

  /** 429: the client's token bucket is empty. */
  public static ProblemException tooManyRequests(String client, long retryAfterSeconds) {
    return new ProblemException(
            Problem.of(
                "rate-limited",
                "Too many requests",
                429,
                "Cannot serve more requests from client "
                    + client
                    + " now: retry after "
                    + retryAfterSeconds
                    + " s"))
        .withHeader("Retry-After", Long.toString(retryAfterSeconds));
  }

  /** 429: too many login attempts from a client or for a username. */
  public static ProblemException tooManyLogins(String detail, long retryAfterSeconds) {
    return new ProblemException(Problem.of("rate-limited", "Too many requests", 429, detail))
        .withHeader("Retry-After", Long.toString(retryAfterSeconds));
  }

  /** 403: the caller is authenticated but its role may not do this. */
  public static ProblemException forbidden(String detail) {
    return new ProblemException(Problem.of("forbidden", "Forbidden", 403, detail));
  }

  /** 503: a bound on concurrent work of this kind is full; the request was shed, not queued. */
  public static ProblemException overloaded(String detail, long retryAfterSeconds) {
    return new ProblemException(Problem.of("overloaded", "Service overloaded", 503, detail))
        .withHeader("Retry-After", Long.toString(retryAfterSeconds));
  }

  /** 502: a service the API depends on (e.g. Airflow) failed. */
  public static ProblemException badGateway(String detail) {
    return new ProblemException(Problem.of("bad-gateway", "Bad gateway", 502, detail));
  }

  /**
   * 503: the server cannot answer yet (no snapshot, a table not published, a feature not
   * configured).
   */
  public static ProblemException unavailable(String detail) {
    return new ProblemException(Problem.of("unavailable", "Service unavailable", 503, detail))
        .withHeader("Retry-After", "5");
  }
}
