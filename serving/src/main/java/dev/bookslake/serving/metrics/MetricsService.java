package dev.bookslake.serving.metrics;

import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Prometheus metrics in the text exposition format: request counts and latency histograms per route
 * template, errors by status, rate-limit refusals, the gold snapshot in force and the lake's view
 * of the daily run; and the same request figures summarised per route as JSON for the dashboard.
 *
 * <pre>
 * curl http://127.0.0.1:8080/api/v1/metrics
 * curl http://127.0.0.1:8080/api/v1/metrics/routes
 * </pre>
 */
public final class MetricsService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/metrics";

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final RouteTable routes;
  private final Metrics metrics;

  public MetricsService(RouteTable routes, Metrics metrics) {
    this.routes = routes;
    this.metrics = metrics;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).get("/", this::scrape).get("/routes", this::routeSummary);
  }

  private void scrape(ServerRequest req, ServerResponse res) {
    Params.of(req);
    res.header(HeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT);
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.send(metrics.scrape());
  }

  private void routeSummary(ServerRequest req, ServerResponse res) {
    Params.of(req);
    Responses.uncachedJson(res, metrics.routeSummary());
  }
}
