package dev.bookslake.serving.books;

import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Books of the current gold snapshot: paged and sorted listing, one book by site id or UPC,
 * search, top rated, price range, and a book's price/stock history.
 *
 * <pre>
 * curl 'http://127.0.0.1:8080/api/v1/books?page=2&amp;size=20&amp;sort=-price'
 * curl http://127.0.0.1:8080/api/v1/books/1000
 * curl 'http://127.0.0.1:8080/api/v1/books/search?title=light&amp;category=Poetry&amp;min_price=10&amp;max_price=30&amp;min_rating=4&amp;in_stock=true'
 * curl 'http://127.0.0.1:8080/api/v1/books/top-rated?limit=5'
 * curl 'http://127.0.0.1:8080/api/v1/books/price-range?min=10&amp;max=20'
 * curl http://127.0.0.1:8080/api/v1/books/1000/history
 * </pre>
 */
public final class BooksService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/books";

  private final RouteTable routes;

  public BooksService(RouteTable routes) {
    this.routes = routes;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules)
        .get("/", this::list)
        .get("/search", this::search)
        .get("/top-rated", this::topRated)
        .get("/price-range", this::priceRange)
        .get("/{id}/history", this::history)
        .get("/{id}", this::one);
  }

  private void list(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Responses.send(req, res, s, s.cached(Responses.key(req), () ->
        BookQueries.list(s, Params.of(req, BookQueries.LIST_PARAMS), PATH)));
  }

  private void search(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Responses.send(req, res, s, s.cached(Responses.key(req), () ->
        BookQueries.search(s, Params.of(req, BookQueries.SEARCH_PARAMS), PATH + "/search")));
  }

  private void topRated(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Responses.send(req, res, s, s.cached(Responses.key(req), () ->
        BookQueries.topRated(s, Params.of(req, BookQueries.TOP_RATED_PARAMS))));
  }

  private void priceRange(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Responses.send(req, res, s, s.cached(Responses.key(req), () ->
        BookQueries.priceRange(s, Params.of(req, BookQueries.PRICE_RANGE_PARAMS), PATH + "/price-range")));
  }

  private void one(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Params.of(req);
    Responses.json(req, res, s, BookQueries.find(s, req.path().pathParameters().get("id")).json());
  }

  private void history(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Params.of(req);
    Responses.json(req, res, s, BookQueries.history(s, req.path().pathParameters().get("id")));
  }
}
