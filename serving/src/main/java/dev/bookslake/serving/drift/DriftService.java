package dev.bookslake.serving.drift;

import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Model monitoring: the latest drift report of the production models (PSI per feature, KS for
 * continuous ones), as {@code bookslake monitor} wrote it to {@code gold.drift_report}.
 *
 * <pre>
 * curl http://127.0.0.1:8080/api/v1/ml/monitoring/drift
 * </pre>
 */
public final class DriftService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/ml/monitoring";

  private final RouteTable routes;
  private final DriftReports reports;

  public DriftService(RouteTable routes, DriftReports reports) {
    this.routes = routes;
    this.reports = reports;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).get("/drift", this::drift);
  }

  private void drift(ServerRequest req, ServerResponse res) {
    Params.of(req);
    Responses.uncachedJson(res, reports.latest());
  }
}
