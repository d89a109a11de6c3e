package dev.bookslake.serving.drift;

import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Model monitoring: the latest drift report, and the reports of the last days, of the production
 * models (PSI per feature, KS for continuous ones), as {@code bookslake monitor} wrote it to {@code
 * gold.drift_report}.
 *
 * <pre>
 * curl http://127.0.0.1:8080/api/v1/ml/monitoring/drift
 * curl 'http://127.0.0.1:8080/api/v1/ml/monitoring/drift/history?days=30'
 * </pre>
 */
public final class DriftService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/ml/monitoring";

  /** Days of history answered without {@code ?days}, and the most a client may ask for. */
  static final int DEFAULT_DAYS = 30;

  static final int MAX_DAYS = 366;

  private final RouteTable routes;
  private final DriftReports reports;

  public DriftService(RouteTable routes, DriftReports reports) {
    this.routes = routes;
    this.reports = reports;
    // The dashboard's drift page asks for the default history first: ready before it does.
    reports.warmInBackground(DEFAULT_DAYS);
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).get("/drift", this::drift).get("/drift/history", this::history);
  }

  private void history(ServerRequest req, ServerResponse res) {
    int days = Params.of(req, "days").integer("days", DEFAULT_DAYS, 1, MAX_DAYS);
    Responses.uncachedJson(res, reports.history(days));
  }

  private void drift(ServerRequest req, ServerResponse res) {
    Params.of(req);
    Responses.uncachedJson(res, reports.latest());
  }
}
