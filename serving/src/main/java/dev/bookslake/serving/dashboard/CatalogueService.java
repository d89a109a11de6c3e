package dev.bookslake.serving.dashboard;

import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.ResponseCache;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.Book;
import dev.bookslake.serving.snapshot.CachedResponse;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue's distributions for the dashboard ({@link DashboardService}), which no data route
 * answers in one request: price and stock histograms, books per rating and per-category figures of
 * the gold snapshot, for the whole catalogue or one category; cached per snapshot with an ETag.
 *
 * <pre>
 * curl 'http://127.0.0.1:8080/api/v1/dashboard/catalogue?category=Travel'
 * </pre>
 */
public final class CatalogueService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/dashboard";

  private final RouteTable routes;
  private final ResponseCache cache;

  public CatalogueService(RouteTable routes, ResponseCache cache) {
    this.routes = routes;
    this.cache = cache;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).get("/catalogue", this::catalogue);
  }

  private void catalogue(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Params params = Params.of(req, "category");
    Optional<String> category = params.string("category");
    Responses.sendCached(req, res, s, cache, params, () -> catalogue(s, category.orElse(null)));
  }

  /** The aggregates of the whole catalogue, or of one category (404 for an unknown one). */
  static CachedResponse catalogue(GoldSnapshot s, String category) {
    List<Book> books =
        category == null
            ? s.catalog().books()
            : s.catalog()
                .category(category)
                .orElseThrow(() -> ProblemException.notFound("category", category));
    String name = category == null || books.isEmpty() ? category : books.get(0).category();
    return CachedResponse.json(CatalogueAggregates.json(s.dt().toString(), name, books));
  }
}
