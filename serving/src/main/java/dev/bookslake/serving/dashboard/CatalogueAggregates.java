package dev.bookslake.serving.dashboard;

import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.snapshot.Book;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The distributions the catalogue page draws, computed from the books of one snapshot (all of them,
 * or one category's): price and stock histograms on whole-number bins, books per rating, and per
 * category the counts, stock and mean price and rating.
 *
 * <pre>{@code
 * byte[] json = CatalogueAggregates.json("2026-01-02", null, snapshot.catalog().books());
 * }</pre>
 */
public final class CatalogueAggregates {
  /** Histograms have at most this many bins (fewer when the values span a small range). */
  static final int MAX_BINS = 12;

  private CatalogueAggregates() {}

  /** One histogram bin: {@code [from, to)}, the last one closed. */
  record Bin(long from, long to, int books) {}

  /** Per-category figures. */
  private static final class Group {
    int books;
    int inStock;
    long stock;
    BigDecimal priceSum = BigDecimal.ZERO;
    int priced;
    long ratingSum;
  }

  /**
   * The aggregates as the API answers them.
   *
   * @param category the category filter as the client gave it, or null for the whole catalogue
   */
  public static byte[] json(String dt, String category, List<Book> books) {
    double[] prices =
        books.stream()
            .filter(b -> b.price() != null)
            .mapToDouble(b -> b.price().doubleValue())
            .toArray();
    double[] stock = books.stream().mapToDouble(Book::stockCount).toArray();
    long[] ratings = new long[5];
    Map<String, Group> groups = new TreeMap<>();
    int inStock = 0;
    long totalStock = 0;
    for (Book b : books) {
      if (b.rating() >= 1 && b.rating() <= 5) {
        ratings[b.rating() - 1]++;
      }
      inStock += b.inStock() ? 1 : 0;
      totalStock += b.stockCount();
      Group g = groups.computeIfAbsent(b.category(), k -> new Group());
      g.books++;
      g.inStock += b.inStock() ? 1 : 0;
      g.stock += b.stockCount();
      g.ratingSum += b.rating();
      if (b.price() != null) {
        g.priceSum = g.priceSum.add(b.price());
        g.priced++;
      }
    }
    JsonOut out = new JsonOut(2048 + groups.size() * 160).beginObject();
    out.name("dt").value(dt).name("category").value(category);
    out.name("books").value(books.size()).name("in_stock_books").value(inStock);
    out.name("total_stock").value(totalStock);
    writeBins(out.name("price_histogram"), histogram(prices));
    writeBins(out.name("stock_histogram"), histogram(stock));
    out.name("ratings").beginArray();
    for (int r = 0; r < 5; r++) {
      out.beginObject().name("rating").value(r + 1).name("books").value(ratings[r]).endObject();
    }
    out.endArray().name("categories").beginArray();
    groups.forEach(
        (name, g) -> {
          out.beginObject().name("category").value(name).name("books").value(g.books);
          out.name("in_stock_books").value(g.inStock).name("total_stock").value(g.stock);
          out.name("avg_price")
              .value(
                  g.priced == 0
                      ? null
                      : g.priceSum.divide(BigDecimal.valueOf(g.priced), 2, RoundingMode.HALF_UP));
          out.name("avg_rating")
              .value(Math.round(100.0 * g.ratingSum / g.books) / 100.0)
              .endObject();
        });
    return out.endArray().endObject().toBytes();
  }

  /**
   * Equal bins of a whole-number width (1, 2, 5 times a power of ten) from the floor of the minimum
   * to past the maximum: readable edges, at most {@link #MAX_BINS} of them; no bins without values.
   */
  static List<Bin> histogram(double[] values) {
    if (values.length == 0) {
      return List.of();
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    long width = niceWidth((max - Math.floor(min)) / MAX_BINS);
    long start = (long) Math.floor(min / width) * width;
    int bins = (int) Math.max(1, Math.floor((max - start) / width) + 1);
    int[] counts = new int[bins];
    for (double v : values) {
      counts[Math.min(bins - 1, (int) Math.floor((v - start) / width))]++;
    }
    Bin[] out = new Bin[bins];
    for (int i = 0; i < bins; i++) {
      out[i] = new Bin(start + i * width, start + (i + 1) * width, counts[i]);
    }
    return List.of(out);
  }

  private static long niceWidth(double raw) {
    long step = 1;
    while (true) {
      for (long m : new long[] {1, 2, 5}) {
        if (m * step >= raw) {
          return m * step;
        }
      }
      step *= 10;
    }
  }

  private static void writeBins(JsonOut out, List<Bin> bins) {
    out.beginArray();
    for (Bin b : bins) {
      out.beginObject().name("from").value(b.from()).name("to").value(b.to());
      out.name("books").value(b.books()).endObject();
    }
    out.endArray();
  }
}
