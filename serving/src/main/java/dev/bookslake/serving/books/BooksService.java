package dev.bookslake.serving.books;

import dev.bookslake.lake.ReadSelection;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.ResponseCache;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import dev.bookslake.serving.snapshot.HistoryTravel;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * Books of the current gold snapshot: paged and sorted listing, one book by site id or UPC, search,
 * top rated, price range, and a book's price/stock history.
 *
 * <pre>
 * curl 'http://127.0.0.1:8080/api/v1/books?page=2&amp;size=20&amp;sort=-price'
 * curl http://127.0.0.1:8080/api/v1/books/1000
 * curl 'http://127.0.0.1:8080/api/v1/books/search?title=light&amp;category=Poetry&amp;min_price=10&amp;max_price=30&amp;min_rating=4&amp;in_stock=true'
 * curl 'http://127.0.0.1:8080/api/v1/books/top-rated?limit=5'
 * curl 'http://127.0.0.1:8080/api/v1/books/price-range?min=10&amp;max=20'
 * curl http://127.0.0.1:8080/api/v1/books/1000/history
 * curl 'http://127.0.0.1:8080/api/v1/books/1000/history?as_of=2026-01-01'
 * curl 'http://127.0.0.1:8080/api/v1/books/1000/history?at=2026-01-02T06:00:00Z'
 * curl 'http://127.0.0.1:8080/api/v1/books/1000/history?snapshot=5329165812296433460'
 * </pre>
 */
public final class BooksService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/books";

  private final RouteTable routes;
  private final ResponseCache cache;
  private final HistoryTravel travel;

  /**
   * The routes; {@code travel} answers the history's {@code as_of}, {@code at} and {@code
   * snapshot}.
   */
  public BooksService(RouteTable routes, ResponseCache cache, HistoryTravel travel) {
    this.routes = routes;
    this.cache = cache;
    this.travel = travel;
  }

  @Override
  public void routing(HttpRules rules) {
    routes
        .under(PATH, rules)
        .get("/", this::list)
        .get("/search", this::search)
        .get("/top-rated", this::topRated)
        .get("/price-range", this::priceRange)
        .get("/{id}/history", this::history)
        .get("/{id}", this::one);
  }

  private void list(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Params params = Params.of(req, BookQueries.LIST_PARAMS);
    BookQueries.ListQuery query = BookQueries.listQuery(params);
    Responses.sendCached(req, res, s, cache, params, () -> BookQueries.page(s, query, PATH));
  }

  private void search(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Params params = Params.of(req, BookQueries.SEARCH_PARAMS);
    BookQueries.ListQuery query = BookQueries.searchQuery(params);
    Responses.sendCached(
        req, res, s, cache, params, () -> BookQueries.page(s, query, PATH + "/search"));
  }

  private void topRated(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Params params = Params.of(req, BookQueries.TOP_RATED_PARAMS);
    int limit = BookQueries.topRatedLimit(params);
    Responses.sendCached(req, res, s, cache, params, () -> BookQueries.topRated(s, limit));
  }

  private void priceRange(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Params params = Params.of(req, BookQueries.PRICE_RANGE_PARAMS);
    BookQueries.ListQuery query = BookQueries.priceRangeQuery(params);
    Responses.sendCached(
        req, res, s, cache, params, () -> BookQueries.page(s, query, PATH + "/price-range"));
  }

  private void one(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Params.of(req);
    Responses.json(req, res, s, BookQueries.find(s, req.path().pathParameters().get("id")).json());
  }

  private void history(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Optional<ReadSelection> selection =
        BookQueries.historySelection(Params.of(req, BookQueries.HISTORY_PARAMS));
    String id = req.path().pathParameters().get("id");
    if (selection.isEmpty()) {
      Responses.json(req, res, s, BookQueries.history(s, id));
      return;
    }
    byte[] body = BookQueries.history(s, id, travel, selection.get());
    // The lake may move on while this gold snapshot stays (an "at" in the future, an "as_of"
    // alone), so the snapshot and query alone do not name the answer.
    Responses.jsonTaggedByBody(req, res, s, body);
  }
}
