package dev.bookslake.serving.http;

import dev.bookslake.serving.problem.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Set;

/**
 * The last route: a path no route has is a 404 problem, a known path with another method a 405 with
 * {@code Allow} (OPTIONS answers 204 with {@code Allow}).
 */
public final class Fallback implements Handler {
  private final RouteTable routes;

  public Fallback(RouteTable routes) {
    this.routes = routes;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    String path = req.prologue().uriPath().path();
    Set<String> methods = routes.methodsFor(path);
    if (methods.isEmpty()) {
      throw ProblemException.noRoute(path);
    }
    String allow = String.join(", ", methods);
    String method = req.prologue().method().text();
    if (method.equals("OPTIONS")) {
      res.header(HeaderNames.ALLOW, allow + ", OPTIONS");
      res.status(Status.NO_CONTENT_204).send();
      return;
    }
    throw ProblemException.methodNotAllowed(method, path, allow);
  }
}
