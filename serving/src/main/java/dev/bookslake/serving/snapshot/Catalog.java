package dev.bookslake.serving.snapshot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The books of one snapshot with the Java indexes the hot routes need: by site id, by UPC, by
 * category, and sorted views computed once per sort order (the most recently used {@value
 * #MAX_SORTED_VIEWS} of them kept: each holds a reference to every book).
 */
public final class Catalog {
  static final int MAX_SORTED_VIEWS = 32;

  private final List<Book> books;
  private final Map<Integer, Book> bySiteId = new HashMap<>();
  private final Map<String, Book> byUpc = new HashMap<>();
  private final Map<String, List<Book>> byCategory = new HashMap<>();
  private final List<Category> categories = new ArrayList<>();
  private final Cache<String, List<Book>> sorted =
      Caffeine.newBuilder().maximumSize(MAX_SORTED_VIEWS).build();

  Catalog(List<Book> books) {
    this.books = List.copyOf(books);
    Map<String, List<Book>> grouped = new TreeMap<>();
    for (Book b : books) {
      bySiteId.put(b.siteId(), b);
      byUpc.put(b.upc(), b);
      grouped.computeIfAbsent(b.category(), k -> new ArrayList<>()).add(b);
    }
    grouped.forEach(
        (name, list) -> {
          byCategory.put(name.toLowerCase(Locale.ROOT), List.copyOf(list));
          categories.add(
              new Category(name, list.size(), (int) list.stream().filter(Book::inStock).count()));
        });
  }

  /** Every book, by site id. */
  public List<Book> books() {
    return books;
  }

  public int size() {
    return books.size();
  }

  /** A book by site id (digits) or UPC. */
  public Optional<Book> find(String id) {
    Book byKey = byUpc.get(id);
    if (byKey != null) {
      return Optional.of(byKey);
    }
    if (!id.isEmpty() && id.length() <= 10 && id.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.ofNullable(bySiteId.get(Integer.parseInt(id)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  public Optional<Book> byUpc(String upc) {
    return Optional.ofNullable(byUpc.get(upc));
  }

  /** Categories by name with their counts. */
  public List<Category> categories() {
    return categories;
  }

  /** The books of a category, matched case-insensitively. */
  public Optional<List<Book>> category(String name) {
    return Optional.ofNullable(byCategory.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Every book in an order, sorted once per snapshot and order while the view is kept. */
  public List<Book> sorted(BookSort sort) {
    List<Book> hit = sorted.getIfPresent(sort.spec());
    if (hit != null) {
      return hit;
    }
    // Sorted outside the cache's lock: two requests may sort the same order once each, but no
    // request waits on another's sort.
    List<Book> view = sort(books, sort.comparator());
    sorted.put(sort.spec(), view);
    return view;
  }

  static List<Book> sort(List<Book> books, Comparator<Book> order) {
    List<Book> copy = new ArrayList<>(books);
    copy.sort(order);
    return List.copyOf(copy);
  }
}
