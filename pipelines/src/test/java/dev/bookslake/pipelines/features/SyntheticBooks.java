package dev.bookslake.pipelines.features;

import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic catalogue of any size that looks like the bookshop's: the 50 real categories with
 * uneven sizes, prices 10.00..59.99, ratings 1..5, titles of 1-6 words and descriptions of 60-180
 * words drawn from a skewed vocabulary, so text similarity has realistic work to do.
 */
final class SyntheticBooks {
  private static final List<String> CATEGORIES =
      FeatureContract.load().feature("category").vocabulary().stream()
          .filter(c -> !c.startsWith("__"))
          .toList();
  private static final String[] VOCABULARY = vocabulary(6000);

  private SyntheticBooks() {}

  private static String[] vocabulary(int size) {
    String[] syllables = {
      "ka", "lo", "mi", "ra", "then", "dor", "vel", "sa", "qui", "bar", "ne", "os", "tri", "ul",
      "zen"
    };
    String[] words = new String[size];
    Random random = new Random(42);
    for (int i = 0; i < size; i++) {
      StringBuilder word = new StringBuilder();
      int parts = 2 + random.nextInt(3);
      for (int j = 0; j < parts; j++) {
        word.append(syllables[random.nextInt(syllables.length)]);
      }
      words[i] = word.toString() + i;
    }
    return words;
  }

  /** A word with a Zipf-like skew: low ranks are common, as in real text. */
  private static String word(Random random) {
    double u = random.nextDouble();
    return VOCABULARY[(int) (VOCABULARY.length * u * u * u)];
  }

  private static String words(Random random, int n) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append(i == 0 ? "" : " ").append(word(random));
    }
    return text.toString();
  }

  static List<Book> books(int n, long seed, LocalDate dt) {
    List<Book> books = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      books.add(book(i, seed, dt));
    }
    return books;
  }

  /**
   * Book number {@code i} of the catalogue {@code seed}; each book has its own random stream, so
   * any one can be made alone.
   */
  static Book book(long i, long seed, LocalDate dt) {
    Random random = new Random(seed * 1_000_003L + i);
    // Squaring skews category sizes: a few large categories and a long tail of small ones.
    double u = random.nextDouble();
    String category = CATEGORIES.get((int) (CATEGORIES.size() * u * u));
    BigDecimal price = BigDecimal.valueOf(1000 + random.nextInt(5000), 2);
    int stock = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(22);
    String description =
        random.nextInt(200) == 0 ? null : words(random, 60 + random.nextInt(120)) + " ...more";
    return Book.newBuilder()
        .setUpc(String.format("%016x", random.nextLong()))
        .setSiteId((int) i + 1)
        .setTitle(words(random, 1 + random.nextInt(6)))
        .setCategory(category)
        .setPriceExclTax(price)
        .setPriceInclTax(price)
        .setTax(new BigDecimal("0.00"))
        .setCurrency("GBP")
        .setStockCount(stock)
        .setInStock(stock > 0)
        .setRating(1 + random.nextInt(5))
        .setReviewCount(0)
        .setDescription(description)
        .setImageUrl("http://127.0.0.1:8000/media/cache/" + i + ".jpg")
        .setProductUrl("http://127.0.0.1:8000/catalogue/book_" + (i + 1) + "/index.html")
        .setPageSha256(String.format("%064x", i))
        .setScrapedAt(Instant.parse(dt + "T06:00:00Z"))
        .setRunId("clean-" + dt)
        .setDt(dt.toString())
        .build();
  }

  /** History as of dt: every book first seen 0-30 days earlier, a third with an earlier price. */
  static List<BookPriceStock> history(List<Book> books, long seed, LocalDate dt) {
    Random random = new Random(seed);
    List<BookPriceStock> history = new ArrayList<>();
    for (Book book : books) {
      LocalDate firstSeen = dt.minusDays(random.nextInt(31));
      LocalDate changed =
          random.nextInt(3) == 0 && firstSeen.isBefore(dt) ? firstSeen.plusDays(1) : null;
      if (changed != null) {
        history.add(
            interval(book, book.getPriceInclTax().add(BigDecimal.ONE), firstSeen, changed, dt));
      }
      history.add(
          interval(book, book.getPriceInclTax(), changed == null ? firstSeen : changed, null, dt));
    }
    return history;
  }

  private static BookPriceStock interval(
      Book book, BigDecimal price, LocalDate from, LocalDate to, LocalDate dt) {
    return BookPriceStock.newBuilder()
        .setUpc(book.getUpc())
        .setPriceExclTax(price)
        .setPriceInclTax(price)
        .setStockCount(book.getStockCount())
        .setInStock(book.getInStock())
        .setValidFrom(from)
        .setValidTo(to)
        .setIsCurrent(to == null)
        .setDt(dt.toString())
        .build();
  }
}
