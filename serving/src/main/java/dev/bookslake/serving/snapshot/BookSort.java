package dev.bookslake.serving.snapshot;

import dev.bookslake.serving.http.ClientText;
import dev.bookslake.serving.problem.ProblemException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sort order of books from the {@code sort} parameter: comma-separated fields, each ascending or
 * with a leading {@code -} descending, e.g. {@code -rating,title}. Ties are always broken by id. At
 * most {@link #MAX_FIELDS} fields, each once: every distinct order costs a sorted view of the
 * catalogue, so the set of orders a client can ask for stays small.
 *
 * @param spec the normalized spec, e.g. {@code -rating,title}
 * @param comparator the order
 */
public record BookSort(String spec, Comparator<Book> comparator) {
  /** The most fields one sort may name. */
  public static final int MAX_FIELDS = 4;

  private static final Map<String, Comparator<Book>> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("id", Comparator.comparingInt(Book::siteId));
    FIELDS.put("upc", Comparator.comparing(Book::upc));
    FIELDS.put("title", Comparator.comparing(Book::titleKey));
    FIELDS.put("category", Comparator.comparing(Book::category));
    FIELDS.put("price", Comparator.comparing(Book::price));
    FIELDS.put("rating", Comparator.comparingInt(Book::rating));
    FIELDS.put("reviews", Comparator.comparingInt(Book::reviewCount));
    FIELDS.put("stock", Comparator.comparingInt(Book::stockCount));
  }

  /** The sort fields a client may use. */
  public static List<String> fields() {
    return List.copyOf(FIELDS.keySet());
  }

  /** Parses a sort spec, or returns {@code fallback} when it is absent. */
  public static BookSort parse(String spec, String fallback) {
    String text = spec == null ? fallback : spec;
    List<String> parts = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    Comparator<Book> order = null;
    String[] given = text.split(",", -1);
    if (given.length > MAX_FIELDS) {
      throw ProblemException.invalidParameter(
          "sort", text, "name at most " + MAX_FIELDS + " fields, got " + given.length);
    }
    for (String raw : given) {
      String part = raw.strip();
      boolean descending = part.startsWith("-");
      String field = descending || part.startsWith("+") ? part.substring(1) : part;
      Comparator<Book> c = FIELDS.get(field);
      if (c == null) {
        throw ProblemException.invalidParameter(
            "sort",
            text,
            "unknown sort field '"
                + ClientText.quote(field)
                + "'; use one of "
                + String.join(", ", FIELDS.keySet())
                + " (prefix - for descending)");
      }
      if (seen.contains(field)) {
        throw ProblemException.invalidParameter(
            "sort", text, "name each field once; '" + field + "' is repeated");
      }
      seen.add(field);
      if (descending) {
        c = c.reversed();
      }
      order = order == null ? c : order.thenComparing(c);
      parts.add((descending ? "-" : "") + field);
    }
    return new BookSort(String.join(",", parts), order.thenComparing(FIELDS.get("id")));
  }
}
