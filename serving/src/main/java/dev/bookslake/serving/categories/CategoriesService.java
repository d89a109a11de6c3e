package dev.bookslake.serving.categories;

import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.http.Paging;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.ResponseCache;
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
 * Categories of the current catalogue with their book counts, and the books of one category (paged
 * and sorted like {@code /books}; the name matches case-insensitively). {@code ?format=names}
 * answers the plain array of names the original API returned.
 *
 * <pre>
 * curl http://127.0.0.1:8080/api/v1/categories
 * curl 'http://127.0.0.1:8080/api/v1/categories?format=names'     # ["Academic","Add a comment",…]
 * curl 'http://127.0.0.1:8080/api/v1/categories/Historical%20Fiction/books?sort=-rating'
 * </pre>
 */
public final class CategoriesService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/categories";

  private static final String[] BOOKS_PARAMS = {"page", "size", "sort"};
  private static final String FORMAT = "format";

  /** The default shape: objects with counts and links. */
  static final String OBJECTS = "objects";

  /** The original API's shape: an array of the names. */
  static final String NAMES = "names";

  private final RouteTable routes;
  private final ResponseCache cache;

  public CategoriesService(RouteTable routes, ResponseCache cache) {
    this.routes = routes;
    this.cache = cache;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).get("/", this::list).get("/{name}/books", this::books);
  }

  private void list(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Params params = Params.of(req, FORMAT);
    boolean names = params.oneOf(FORMAT, OBJECTS, NAMES).orElse(OBJECTS).equals(NAMES);
    Responses.sendCached(
        req, res, s, cache, params, () -> names ? categoryNames(s) : categories(s));
  }

  /** Every category's name, in the order of {@link #categories}: {@code ["Art", "Biography"]}. */
  static CachedResponse categoryNames(GoldSnapshot s) {
    List<Category> all = s.catalog().categories();
    JsonOut out = new JsonOut(all.size() * 24 + 16).beginArray();
    all.forEach(c -> out.value(c.name()));
    return CachedResponse.json(out.endArray().toBytes());
  }

  private void books(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    String name = req.path().pathParameters().get("name");
    Params params = Params.of(req, BOOKS_PARAMS);
    BookSort sort = params.sort("id");
    Paging paging = Paging.from(params, Paging.MAX_SIZE);
    Responses.sendCached(
        req, res, s, cache, params, () -> booksOf(s, name, sort, paging, params.canonical()));
  }

  /** Every category with its counts, by name. */
  static CachedResponse categories(GoldSnapshot s) {
    List<Category> all = s.catalog().categories();
    JsonOut out = new JsonOut(all.size() * 128 + 64).beginObject().name("items").beginArray();
    for (Category c : all) {
      out.beginObject()
          .name("name")
          .value(c.name())
          .name("books")
          .value(c.books())
          .name("in_stock_books")
          .value(c.inStockBooks())
          .name("href")
          .value(
              PATH
                  + "/"
                  + URLEncoder.encode(c.name(), StandardCharsets.UTF_8).replace("+", "%20")
                  + "/books")
          .endObject();
    }
    out.endArray().name("total").value(all.size());
    return CachedResponse.json(out.endObject().toBytes());
  }

  /** One page of a category's books, or 404 for an unknown category (never cached: it throws). */
  static CachedResponse booksOf(
      GoldSnapshot s,
      String name,
      BookSort sort,
      Paging paging,
      Map<String, String> canonicalQuery) {
    List<Book> books =
        s.catalog().category(name).orElseThrow(() -> ProblemException.notFound("category", name));
    List<Book> sorted = new ArrayList<>(books);
    sorted.sort(sort.comparator());
    String canonical = books.isEmpty() ? name : books.get(0).category();
    byte[] body =
        paging.envelope(
            paging.slice(sorted),
            Book::json,
            sorted.size(),
            Map.of("category", canonical, "sort", sort.spec()));
    String path =
        PATH
            + "/"
            + URLEncoder.encode(canonical, StandardCharsets.UTF_8).replace("+", "%20")
            + "/books";
    return new CachedResponse(
        body, "application/json", paging.links(path, canonicalQuery, sorted.size()));
  }
}
