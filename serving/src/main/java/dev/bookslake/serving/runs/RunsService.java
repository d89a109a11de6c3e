package dev.bookslake.serving.runs;

import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The pipeline runs of the last days, newest {@code dt} first: pages fetched, quality failures,
 * rows per table and stage durations, as the lake recorded them ({@link Runs}).
 *
 * <pre>
 * curl 'http://127.0.0.1:8080/api/v1/runs?days=7'
 * </pre>
 */
public final class RunsService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/runs";

  /** Days listed when {@code days} is not given. */
  public static final int DEFAULT_DAYS = 30;

  /** The most days one request may list. */
  public static final int MAX_DAYS = 366;

  private final RouteTable routes;
  private final Runs runs;

  public RunsService(RouteTable routes, Runs runs) {
    this.routes = routes;
    this.runs = runs;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).get("/", this::runs);
  }

  private void runs(ServerRequest req, ServerResponse res) {
    int days = Params.of(req, "days").integer("days", DEFAULT_DAYS, 1, MAX_DAYS);
    Responses.uncachedJson(res, runs.json(days));
  }
}
