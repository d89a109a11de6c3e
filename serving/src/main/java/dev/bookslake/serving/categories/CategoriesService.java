package dev.bookslake.serving.categories;

import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.http.Paging;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.Book;
import dev.bookslake.serving.snapshot.BookSort;
import dev.bookslake.serving.snapshot.CachedResponse;
import dev.bookslake.serving.snapshot.Category;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Categories of the current catalogue with their book counts, and the books of one category
 * (paged and sorted like {@code /books}; the name matches case-insensitively).
 *
 * <pre>
 * curl http://127.0.0.1:8080/api/v1/categories
 * curl 'http://127.0.0.1:8080/api/v1/categories/Historical%20Fiction/books?sort=-rating'
 * </pre>
 */
public final class CategoriesService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/categories";
  private static final String[] BOOKS_PARAMS = {"page", "size", "sort"};

  private final RouteTable routes;

  public CategoriesService(RouteTable routes) {
    this.routes = routes;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).get("/", this::list).get("/{name}/books", this::books);
  }

  private void list(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Params.of(req);
    Responses.send(req, res, s, s.cached(Responses.key(req), () -> categories(s)));
  }

  private void books(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    String name = req.path().pathParameters().get("name");
    Responses.send(req, res, s, s.cached(Responses.key(req), () ->
        booksOf(s, name, Params.of(req, BOOKS_PARAMS))));
  }

  /** Every category with its counts, by name. */
  static CachedResponse categories(GoldSnapshot s) {
    List<Category> all = s.catalog().categories();
    JsonOut out = new JsonOut(all.size() * 128 + 64).beginObject().name("items").beginArray();
    for (Category c : all) {
      out.beginObject()
          .name("name").value(c.name())
          .name("books").value(c.books())
          .name("in_stock_books").value(c.inStockBooks())
          .name("href").value(PATH + "/" + URLEncoder.encode(c.name(), StandardCharsets.UTF_8).replace("+", "%20") + "/books")
          .endObject();
    }
    out.endArray().name("total").value(all.size());
    return CachedResponse.json(out.endObject().toBytes());
  }

  /** One page of a category's books, or 404 for an unknown category. */
  static CachedResponse booksOf(GoldSnapshot s, String name, Params params) {
    List<Book> books = s.catalog().category(name).orElseThrow(() -> ProblemException.notFound("category", name));
    BookSort sort = BookSort.parse(params.asMap().get("sort"), "id");
    List<Book> sorted = new ArrayList<>(books);
    sorted.sort(sort.comparator());
    Paging paging = Paging.from(params, Paging.MAX_SIZE);
    String canonical = books.isEmpty() ? name : books.get(0).category();
    byte[] body = paging.envelope(
        paging.slice(sorted), Book::json, sorted.size(), Map.of("category", canonical, "sort", sort.spec()));
    String path = PATH + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "/books";
    return new CachedResponse(body, "application/json", paging.links(path, params.asMap(), sorted.size()));
  }
}
