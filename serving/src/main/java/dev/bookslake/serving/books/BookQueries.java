package dev.bookslake.serving.books;

import dev.bookslake.lake.ReadSelection;
import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.http.Paging;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.Book;
import dev.bookslake.serving.snapshot.BookSort;
import dev.bookslake.serving.snapshot.CachedResponse;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import dev.bookslake.serving.snapshot.HistoryTravel;
import dev.bookslake.serving.snapshot.TableVersion;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The book queries, as plain methods over a snapshot: each returns the response body (and {@code
 * Link} header) that the service caches per snapshot and query. No HTTP here.
 */
final class BookQueries {
  static final String[] LIST_PARAMS = {"page", "size", "sort"};
  static final String[] SEARCH_PARAMS = {
    "title", "category", "min_price", "max_price", "min_rating", "in_stock", "page", "size", "sort"
  };
  static final String[] PRICE_RANGE_PARAMS = {"min", "max", "page", "size", "sort"};
  static final String[] TOP_RATED_PARAMS = {"limit"};
  static final String[] HISTORY_PARAMS = {"as_of", "at", "snapshot"};
  static final String DEFAULT_SORT = "id";
  static final String TOP_RATED_SORT = "-rating,-reviews,title";
  private static final int DEFAULT_TOP = 10;

  private BookQueries() {}

  /**
   * The parsed parameters of a paged list: every filter (absent ones empty), the order and the
   * page. Parsing them all before anything is built is what makes {@link Params#canonical()}
   * complete, the key of the cached response.
   */
  record ListQuery(
      Optional<String> title,
      Optional<String> category,
      Optional<BigDecimal> minPrice,
      Optional<BigDecimal> maxPrice,
      int minRating,
      Optional<Boolean> inStock,
      BookSort sort,
      Paging paging,
      Map<String, String> canonical) {

    boolean filtered() {
      return title.isPresent()
          || category.isPresent()
          || minPrice.isPresent()
          || maxPrice.isPresent()
          || minRating > 1
          || inStock.isPresent();
    }

    Predicate<Book> matches() {
      Predicate<Book> match = b -> b.rating() >= minRating;
      if (title.isPresent()) {
        match = match.and(b -> b.titleKey().contains(title.get()));
      }
      if (category.isPresent()) {
        match = match.and(b -> b.category().equalsIgnoreCase(category.get()));
      }
      match = match.and(priceBetween(minPrice, maxPrice));
      if (inStock.isPresent()) {
        match = match.and(b -> b.inStock() == inStock.get());
      }
      return match;
    }
  }

  /** The parameters of {@code /books}: the order and the page. */
  static ListQuery listQuery(Params params) {
    BookSort sort = params.sort(DEFAULT_SORT);
    return new ListQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        1,
        Optional.empty(),
        sort,
        Paging.from(params, Paging.MAX_SIZE),
        params.canonical());
  }

  /** The parameters of {@code /books/search}: every filter, the order and the page. */
  static ListQuery searchQuery(Params params) {
    Optional<String> title = params.string("title").map(t -> t.toLowerCase(Locale.ROOT));
    Optional<String> category = params.string("category");
    Optional<BigDecimal> minPrice = params.decimal("min_price");
    Optional<BigDecimal> maxPrice = params.decimal("max_price");
    int minRating = params.integer("min_rating", 1, 1, 5);
    Optional<Boolean> inStock = params.bool("in_stock");
    BookSort sort = params.sort(DEFAULT_SORT);
    return new ListQuery(
        title,
        category,
        minPrice,
        maxPrice,
        minRating,
        inStock,
        sort,
        Paging.from(params, Paging.MAX_SIZE),
        params.canonical());
  }

  /**
   * The parameters of {@code /books/price-range}: the bounds, the order (by price unless given) and
   * the page.
   */
  static ListQuery priceRangeQuery(Params params) {
    Optional<BigDecimal> min = params.decimal("min");
    Optional<BigDecimal> max = params.decimal("max");
    BookSort sort = params.sort("price");
    return new ListQuery(
        Optional.empty(),
        Optional.empty(),
        min,
        max,
        1,
        Optional.empty(),
        sort,
        Paging.from(params, Paging.MAX_SIZE),
        params.canonical());
  }

  /** One page of the books of a snapshot matching a query, in its order. */
  static CachedResponse page(GoldSnapshot s, ListQuery query, String path) {
    List<Book> sorted = s.catalog().sorted(query.sort());
    List<Book> found = query.filtered() ? sorted.stream().filter(query.matches()).toList() : sorted;
    return page(found, query.paging(), query.canonical(), path, query.sort(), Map.of());
  }

  /** The {@code limit} of {@code /books/top-rated}. */
  static int topRatedLimit(Params params) {
    return params.integer("limit", DEFAULT_TOP, 1, Paging.MAX_SIZE);
  }

  /** The best-rated books: rating, then review count, then title. */
  static CachedResponse topRated(GoldSnapshot s, int limit) {
    List<Book> all = s.catalog().sorted(BookSort.parse(TOP_RATED_SORT, TOP_RATED_SORT));
    List<Book> top = all.subList(0, Math.min(limit, all.size()));
    JsonOut out = new JsonOut(limit * 1024 + 64).beginObject().name("items").beginArray();
    top.forEach(b -> out.raw(b.json()));
    out.endArray().name("count").value(top.size()).name("limit").value(limit);
    return CachedResponse.json(out.endObject().toBytes());
  }

  /** A book by site id or UPC, or 404. */
  static Book find(GoldSnapshot s, String id) {
    return s.catalog().find(id).orElseThrow(() -> ProblemException.notFound("book", id));
  }

  /**
   * The state of {@code silver.book_history} the parameters of {@code /books/{id}/history} ask for,
   * or empty for the one loaded in memory: {@code as_of} a date, and {@code at} an instant or
   * {@code snapshot} an Iceberg snapshot id (not both).
   */
  static Optional<ReadSelection> historySelection(Params params) {
    Optional<LocalDate> asOf = params.date("as_of");
    Optional<Instant> at = params.instant("at");
    Optional<Long> snapshot = params.positiveLong("snapshot");
    if (at.isPresent() && snapshot.isPresent()) {
      // A 409, not a 400: the OpenAPI document cannot say that two parameters exclude each other,
      // and a request it allows is never a 400 here.
      throw ProblemException.conflict(
          "Cannot travel to at="
              + at.get()
              + " and snapshot="
              + snapshot.get()
              + " at once: give one of them");
    }
    if (asOf.isEmpty() && at.isEmpty() && snapshot.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ReadSelection(asOf.orElse(null), at.orElse(null), snapshot.orElse(null)));
  }

  /**
   * The price/stock history of a book from the {@code silver.book_history} loaded with the
   * snapshot, oldest first.
   */
  static byte[] history(GoldSnapshot s, String id) {
    Book book = find(s, id);
    s.require(GoldSnapshot.BOOK_HISTORY);
    TableVersion table = s.tables().get(GoldSnapshot.BOOK_HISTORY);
    return historyJson(book, table.dt(), table.snapshotId(), s.history(book.upc()));
  }

  /** The price/stock history of a book in another state of {@code silver.book_history}. */
  static byte[] history(GoldSnapshot s, String id, HistoryTravel travel, ReadSelection selection) {
    Book book = find(s, id);
    HistoryTravel.Rows rows = travel.rows(book.upc(), selection);
    return historyJson(book, rows.dt(), rows.snapshotId(), rows.items());
  }

  private static byte[] historyJson(Book book, LocalDate dt, long snapshotId, byte[] items) {
    JsonOut out = new JsonOut(items.length + 256).beginObject();
    out.name("id").value(book.siteId());
    out.name("upc").value(book.upc());
    out.name("title").value(book.title());
    out.name("dt").value(dt);
    out.name("snapshot_id").value(snapshotId);
    out.name("items").raw(items);
    return out.endObject().toBytes();
  }

  /** One page of a list of books, with the {@code Link} header of its canonical query. */
  static CachedResponse page(
      List<Book> books,
      Paging paging,
      Map<String, String> canonical,
      String path,
      BookSort sort,
      Map<String, Object> extra) {
    Map<String, Object> members = new LinkedHashMap<>(extra);
    members.put("sort", sort.spec());
    byte[] body = paging.envelope(paging.slice(books), Book::json, books.size(), members);
    return new CachedResponse(
        body, "application/json", paging.links(path, canonical, books.size()));
  }

  private static Predicate<Book> priceBetween(Optional<BigDecimal> min, Optional<BigDecimal> max) {
    return b ->
        (min.isEmpty() || b.price().compareTo(min.get()) >= 0)
            && (max.isEmpty() || b.price().compareTo(max.get()) <= 0);
  }
}
