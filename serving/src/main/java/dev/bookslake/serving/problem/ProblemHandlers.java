package dev.bookslake.serving.problem;

import dev.bookslake.ml.registry.ModelRegistryException;
import dev.bookslake.serving.http.ClientText;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonException;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Maps every failure to an {@code application/problem+json} response, in one place: the routing's
 * error handlers for exceptions thrown by filters and handlers, and a {@link DirectHandler} for
 * what Helidon rejects before routing (an oversized body, a malformed request line).
 */
public final class ProblemHandlers {
  private static final System.Logger LOG = System.getLogger(ProblemHandlers.class.getName());

  private ProblemHandlers() {}

  /** Registers the error handlers on a routing. */
  public static void register(HttpRouting.Builder routing) {
    routing
        .error(ProblemException.class, (req, res, e) -> send(req, res, e.problem(), e.headers()))
        .error(
            JsonException.class,
            (req, res, e) ->
                send(req, res, ProblemException.malformedBody(e.getMessage()).problem(), Map.of()))
        .error(ModelRegistryException.class, ProblemHandlers::registryFailure)
        .error(HttpException.class, ProblemHandlers::httpException)
        .error(Exception.class, ProblemHandlers::unexpected);
  }

  /** Writes a problem as the response. */
  public static void send(
      ServerRequest req, ServerResponse res, Problem problem, Map<String, String> headers) {
    res.status(Status.create(problem.status()));
    headers.forEach(res::header);
    res.headers().set(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
    res.headers().remove(HeaderNames.ETAG);
    res.send(problem.at(ClientText.quote(req.prologue().uriPath().path())).toJson());
  }

  private static void httpException(ServerRequest req, ServerResponse res, HttpException e) {
    int code = e.status().code();
    if (code >= 500) {
      unexpected(req, res, e);
      return;
    }
    Problem p =
        Problem.of(
            "http-" + code,
            e.status().reasonPhrase(),
            code,
            "Cannot process request: " + ClientText.quote(e.getMessage()));
    send(req, res, p, Map.of());
  }

  // A refusal (unknown model or version, a bad alias, nothing to roll back to) is the client's
  // problem; a registry that cannot be read or written is ours and is logged.
  private static void registryFailure(
      ServerRequest req, ServerResponse res, ModelRegistryException e) {
    String message = ClientText.quote(e.getMessage(), ClientText.MAX_MESSAGE_CHARS);
    Problem p =
        switch (e.kind()) {
          case NOT_FOUND -> Problem.of("not-found", "Not found", 404, message);
          case CONFLICT -> Problem.of("conflict", "Conflict", 409, message);
          case INVALID -> Problem.of("invalid-parameter", "Invalid parameter", 400, message);
          case IO -> {
            // The message names files of the lake: the log has it, the client gets no internal
            // path.
            LOG.log(Level.ERROR, "Model registry failure on " + requestLine(req), e);
            yield Problem.of(
                "registry-failure",
                "Model registry failure",
                500,
                "Cannot read or write the model registry: the failure was logged");
          }
        };
    send(req, res, p, Map.of());
  }

  private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
    // Bad input is always a 4xx; reaching this is a bug, so it is logged with its stack trace.
    LOG.log(Level.ERROR, "Unexpected failure on " + requestLine(req), e);
    Problem p =
        Problem.of(
            "internal",
            "Internal server error",
            500,
            "Cannot answer this request: an unexpected error was logged");
    send(req, res, p, Map.of());
  }

  private static String requestLine(ServerRequest req) {
    return ClientText.quote(req.prologue().method().text())
        + " "
        + ClientText.quote(req.prologue().uriPath().path());
  }

  /** Answers what Helidon rejects before routing with a problem document as well. */
  public static DirectHandler directHandler(long maxPayloadBytes) {
    return new DirectHandler() {
      @Override
      public TransportResponse handle(
          TransportRequest request,
          EventType eventType,
          Status status,
          ServerResponseHeaders headers,
          String message) {
        Problem p =
            eventType == EventType.PAYLOAD_TOO_LARGE || status.code() == 413
                ? ProblemException.payloadTooLarge(maxPayloadBytes).problem()
                : Problem.of(
                    "http-" + status.code(),
                    status.reasonPhrase(),
                    status.code(),
                    "Cannot process request: " + ClientText.quote(message));
        String path = request.path();
        byte[] body = p.at(path == null || path.isEmpty() ? null : ClientText.quote(path)).toJson();
        headers.set(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers.remove(HeaderNames.CONTENT_LENGTH);
        return TransportResponse.builder()
            .status(status)
            .headers(headers)
            .keepAlive(eventType.keepAlive() && status.code() != 413)
            .entity(body)
            .build();
      }
    };
  }
}
