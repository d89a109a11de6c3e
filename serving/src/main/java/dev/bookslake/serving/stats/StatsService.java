package dev.bookslake.serving.stats;

import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.ResponseCache;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.CachedResponse;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Statistics from gold: {@code gold.overview} (one row of totals and distributions) and {@code
 * gold.category_stats} (one row per category). Every column of those tables is served as it is, so
 * a column the pipeline adds or renames appears here without a code change.
 *
 * <pre>
 * curl http://127.0.0.1:8080/api/v1/stats/overview
 * curl http://127.0.0.1:8080/api/v1/stats/categories
 * </pre>
 */
public final class StatsService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/stats";

  private final RouteTable routes;
  private final ResponseCache cache;

  public StatsService(RouteTable routes, ResponseCache cache) {
    this.routes = routes;
    this.cache = cache;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).get("/overview", this::overview).get("/categories", this::categories);
  }

  private void overview(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Params.of(req);
    Responses.json(req, res, s, overview(s));
  }

  private void categories(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Responses.sendCached(
        req, res, s, cache, Params.of(req), () -> CachedResponse.json(categories(s)));
  }

  /** The overview row, every column. */
  static byte[] overview(GoldSnapshot s) {
    s.require(GoldSnapshot.OVERVIEW);
    return s.overview()
        .orElseThrow(
            () ->
                ProblemException.unavailable(
                    "Cannot serve the overview: gold.overview has no row in snapshot " + s.dt()));
  }

  /** The per-category rows, every column, by category. */
  static byte[] categories(GoldSnapshot s) {
    s.require(GoldSnapshot.CATEGORY_STATS);
    byte[] rows = s.categoryStats().orElseThrow();
    return new JsonOut(rows.length + 64)
        .beginObject()
        .name("items")
        .raw(rows)
        .name("total")
        .value(s.tables().get(GoldSnapshot.CATEGORY_STATS).rows())
        .endObject()
        .toBytes();
  }
}
