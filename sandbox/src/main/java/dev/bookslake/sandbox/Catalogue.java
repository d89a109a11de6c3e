package dev.bookslake.sandbox;

import dev.bookslake.sandbox.internal.BookTexts;
import dev.bookslake.sandbox.internal.Hashes;
import dev.bookslake.sandbox.internal.Slugs;
import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sandbox's catalogue: every book, on every day, computed on demand from {@code (seed, siteId,
 * day)}. Pure and deterministic, with no I/O: it is the ground truth that tests compare scraped
 * data with.
 *
 * <p>Only small per-id arrays are held (category, defects), so a catalogue of 100,000 books costs
 * well under a megabyte. Day 0 is the base; on each later day about 3% of books change price, stock
 * or both, and changes accumulate: {@code book(id, 3)} applies days 1, 2 and 3.
 *
 * <pre>{@code
 * Catalogue catalogue = new Catalogue(1000, 42, MalformedSpec.none());
 * SandboxBook book = catalogue.book(1000, 0);
 * String path = catalogue.productPath(1000);           // "/catalogue/<slug>_1000/index.html"
 * Set<Integer> changed = catalogue.changedBetween(0, 1); // about 30 ids
 * }</pre>
 */
public final class Catalogue {

  /** Books per listing page, as on the real site. */
  public static final int PAGE_SIZE = 20;

  /** The title the real site gives to two different books; the sandbox does the same. */
  public static final String STAR_TOUCHED_QUEEN = "The Star-Touched Queen";

  private static final List<String> CATEGORIES =
      List.of(
          "Travel",
          "Mystery",
          "Historical Fiction",
          "Sequential Art",
          "Classics",
          "Philosophy",
          "Romance",
          "Womens Fiction",
          "Fiction",
          "Childrens",
          "Religion",
          "Nonfiction",
          "Music",
          "Default",
          "Science Fiction",
          "Sports and Games",
          "Add a comment",
          "Fantasy",
          "New Adult",
          "Young Adult",
          "Science",
          "Poetry",
          "Paranormal",
          "Art",
          "Psychology",
          "Autobiography",
          "Parenting",
          "Adult Fiction",
          "Humor",
          "Horror",
          "History",
          "Food and Drink",
          "Christian Fiction",
          "Business",
          "Biography",
          "Thriller",
          "Contemporary",
          "Spirituality",
          "Academic",
          "Self Help",
          "Historical",
          "Christian",
          "Suspense",
          "Short Stories",
          "Novels",
          "Health",
          "Politics",
          "Cultural",
          "Erotica",
          "Crime");

  // Book counts per category on the real site (they sum to 1000): the sandbox spreads books
  // just as unevenly.
  private static final int[] CATEGORY_WEIGHTS = {
    11, 32, 26, 75, 19, 11, 35, 17, 65, 29, 7, 110, 13, 152, 16, 5, 67, 48, 6, 54, 14, 19, 1, 8, 7,
    9, 1, 1, 10, 17, 18, 30, 6, 12, 5, 11, 3, 6, 1, 5, 2, 3, 1, 1, 1, 4, 3, 1, 1, 1,
  };
  private static final int[] CUMULATIVE_WEIGHTS = cumulative(CATEGORY_WEIGHTS);

  private static final double DAILY_CHANGE_RATE = 0.03;
  private static final double TAXED_RATE = 0.10;
  private static final double OUT_OF_STOCK_RATE = 0.05;
  private static final int MIN_CENTS = 1000;
  private static final int MAX_CENTS = 5999;
  private static final int MAX_STOCK = 22;

  private static final long SALT_UPC = 1;
  private static final long SALT_TITLE = 2;
  private static final long SALT_CATEGORY = 3;
  private static final long SALT_PRICE = 4;
  private static final long SALT_TAX = 5;
  private static final long SALT_STOCK = 6;
  private static final long SALT_RATING = 7;
  private static final long SALT_REVIEWS = 8;
  private static final long SALT_DESCRIPTION = 9;
  private static final long SALT_IMAGE = 10;
  private static final long SALT_THUMBNAIL = 11;
  private static final long SALT_DAY = 12;
  private static final long SALT_SPECIAL = 13;
  private static final long SALT_MALFORMED = 14;
  private static final long SALT_RECENT = 15;
  private static final long SALT_PERMUTATION = 16;

  private static final byte NO_DEFECT = 0;
  private static final byte MISSING_PRICE = 1;
  private static final byte ZERO_RATING = 2;
  private static final byte BAD_UPC = 3;
  private static final byte DUPLICATE_UPC = 4;
  private static final String[] DEFECT_NAMES = {
    null, "missing-price", "zero-rating", "bad-upc", "duplicate-upc"
  };

  private static final byte STAR_TOUCHED = 1;
  private static final byte NO_DESCRIPTION = 2;

  private static final String[] RATING_WORDS = {"Zero", "One", "Two", "Three", "Four", "Five"};

  private final int size;
  private final long seed;
  private final long upcKey;
  private final byte[] categoryOf;
  private final int[][] idsByCategory;
  private final byte[] special;
  private final byte[] defect;
  private final Map<Integer, Integer> duplicateOf;
  private final Map<Integer, String> malformedBooks;

  /**
   * Builds the catalogue's small indexes (categories, special and malformed books).
   *
   * @throws IllegalArgumentException when {@code books < 1} or the malformed books do not fit
   */
  public Catalogue(int books, long seed, MalformedSpec malformed) {
    if (books < 1) {
      throw new IllegalArgumentException("Cannot build catalogue with books: " + books);
    }
    this.size = books;
    this.seed = seed;
    this.upcKey = Hashes.of(seed, SALT_UPC);
    this.categoryOf = assignCategories(books, seed);
    this.idsByCategory = indexCategories(categoryOf, books);
    this.special = new byte[books + 1];
    this.defect = new byte[books + 1];
    pickSpecialBooks();
    this.duplicateOf = pickMalformedBooks(malformed);
    TreeMap<Integer, String> named = new TreeMap<>();
    for (int id = 1; id <= books; id++) {
      if (defect[id] != NO_DEFECT) {
        named.put(id, DEFECT_NAMES[defect[id]]);
      }
    }
    this.malformedBooks = Collections.unmodifiableMap(named);
  }

  /** Number of books; ids run 1..size. */
  public int size() {
    return size;
  }

  /** The seed every value derives from. */
  public long seed() {
    return seed;
  }

  /**
   * The book as served on {@code day}.
   *
   * @throws IllegalArgumentException for an id outside 1..size or a negative day
   */
  public SandboxBook book(int siteId, int day) {
    checkId(siteId);
    checkDay(day);
    String title = title(siteId);
    int category = categoryOf[siteId];
    long state = state(siteId, day);
    int cents = cents(state);
    BigDecimal excl = null;
    BigDecimal tax = null;
    BigDecimal incl = null;
    if (defect[siteId] != MISSING_PRICE) {
      int taxCents = taxed(siteId) ? (cents * 20 + 50) / 100 : 0;
      excl = BigDecimal.valueOf(cents, 2);
      tax = BigDecimal.valueOf(taxCents, 2);
      incl = BigDecimal.valueOf(cents + taxCents, 2);
    }
    return new SandboxBook(
        siteId,
        servedUpc(siteId),
        title,
        Slugs.slugify(title),
        CATEGORIES.get(category),
        category + 2,
        excl,
        tax,
        incl,
        stock(state),
        defect[siteId] == ZERO_RATING ? 0 : baseRating(siteId),
        (int) Math.floorMod(Hashes.of(seed, SALT_REVIEWS, siteId), 51L),
        (special[siteId] & NO_DESCRIPTION) != 0
            ? null
            : BookTexts.description(
                new SplittableRandom(Hashes.of(seed, SALT_DESCRIPTION, siteId)), title),
        mediaPath(Hashes.of(seed, SALT_IMAGE, siteId)));
  }

  /** The 50 category names in the real site's order; index 0 is category id 2. */
  public List<String> categories() {
    return CATEGORIES;
  }

  /** Malformed books by id, with their defect name; sorted by id. */
  public Map<Integer, String> malformedBooks() {
    return malformedBooks;
  }

  /** Ids whose price or stock differs between the two days, sorted. */
  public Set<Integer> changedBetween(int dayA, int dayB) {
    checkDay(dayA);
    checkDay(dayB);
    TreeSet<Integer> changed = new TreeSet<>();
    for (int id = 1; id <= size; id++) {
      long a = state(id, dayA);
      long b = state(id, dayB);
      if (cents(a) != cents(b) || stock(a) != stock(b)) {
        changed.add(id);
      }
    }
    return Collections.unmodifiableSet(changed);
  }

  /**
   * The last day, up to {@code day}, on which the book's price or stock changed; 0 when it never
   * did. Pages use it for {@code Last-Modified}.
   */
  public int lastChangeDay(int siteId, int day) {
    checkId(siteId);
    checkDay(day);
    return lastChange(state(siteId, day));
  }

  /** {@code /catalogue/<slug>_<id>/index.html}, the only path that serves the book. */
  public String productPath(int siteId) {
    checkId(siteId);
    return "/catalogue/" + Slugs.slugify(title(siteId)) + "_" + siteId + "/index.html";
  }

  /**
   * The first page of a category: {@code /catalogue/category/books_1/index.html} for id 1 (all
   * books), {@code /catalogue/category/books/<slug>_<id>/index.html} for ids 2..51.
   */
  public String categoryPath(int categoryId) {
    checkCategory(categoryId);
    if (categoryId == 1) {
      return "/catalogue/category/books_1/index.html";
    }
    return "/catalogue/category/books/"
        + categorySlug(categoryId)
        + "_"
        + categoryId
        + "/index.html";
  }

  /** Ids listed by a category, in page order (descending); category 1 lists every book. */
  public List<Integer> booksInCategory(int categoryId) {
    checkCategory(categoryId);
    if (categoryId == 1) {
      return new AbstractList<>() {
        @Override
        public Integer get(int index) {
          return size - index;
        }

        @Override
        public int size() {
          return size;
        }
      };
    }
    int[] ids = idsByCategory[categoryId - 2];
    return new AbstractList<>() {
      @Override
      public Integer get(int index) {
        return ids[index];
      }

      @Override
      public int size() {
        return ids.length;
      }
    };
  }

  /**
   * The other books a product page shows under "Products you recently viewed": up to three, fixed
   * per book.
   */
  public List<Integer> recentlyViewed(int siteId) {
    checkId(siteId);
    int wanted = Math.min(3, size - 1);
    List<Integer> ids = new ArrayList<>(wanted);
    SplittableRandom r = new SplittableRandom(Hashes.of(seed, SALT_RECENT, siteId));
    while (ids.size() < wanted) {
      int other = 1 + r.nextInt(size);
      if (other != siteId && !ids.contains(other)) {
        ids.add(other);
      }
    }
    return List.copyOf(ids);
  }

  /**
   * The thumbnail listing pages show; like the real site, a different image path from the product
   * page's {@link SandboxBook#imagePath()}.
   */
  public String thumbnailPath(int siteId) {
    checkId(siteId);
    return mediaPath(Hashes.of(seed, SALT_THUMBNAIL, siteId));
  }

  /** The class word of {@code p.star-rating} for a rating: "Zero", "One" .. "Five". */
  public static String ratingWord(int rating) {
    return RATING_WORDS[rating];
  }

  /** Catalogue pages: {@code ceil(size / 20)}. */
  public int cataloguePages() {
    return (size + PAGE_SIZE - 1) / PAGE_SIZE;
  }

  private String title(int id) {
    if ((special[id] & STAR_TOUCHED) != 0) {
      return STAR_TOUCHED_QUEEN;
    }
    return BookTexts.title(new SplittableRandom(Hashes.of(seed, SALT_TITLE, id)));
  }

  private String categorySlug(int categoryId) {
    return Slugs.slugify(CATEGORIES.get(categoryId - 2));
  }

  // A bijection of the id, so UPCs are unique without any bookkeeping.
  private String upc(int id) {
    return HexFormat.of().toHexDigits(Hashes.mix64(id ^ upcKey));
  }

  private String servedUpc(int id) {
    return switch (defect[id]) {
      case BAD_UPC -> {
        String upc = upc(id);
        yield upc.substring(0, 3) + 'z' + upc.substring(4, 11) + 'q' + upc.substring(12);
      }
      case DUPLICATE_UPC -> upc(duplicateOf.get(id));
      default -> upc(id);
    };
  }

  private int baseRating(int id) {
    return 1 + (int) Math.floorMod(Hashes.of(seed, SALT_RATING, id), 5L);
  }

  private boolean taxed(int id) {
    return Hashes.unit(Hashes.of(seed, SALT_TAX, id)) < TAXED_RATE;
  }

  // Price in cents, stock and the last change day packed in one long, so that walking the days
  // of every book (changedBetween over 100k books) allocates nothing.
  private long state(int id, int day) {
    int cents = MIN_CENTS + (int) Math.floorMod(Hashes.of(seed, SALT_PRICE, id), 5000L);
    long stockHash = Hashes.of(seed, SALT_STOCK, id);
    int stock =
        Hashes.unit(stockHash) < OUT_OF_STOCK_RATE
            ? 0
            : 1 + (int) Math.floorMod(Hashes.mix64(stockHash), (long) MAX_STOCK);
    int last = 0;
    boolean priceless = defect[id] == MISSING_PRICE;
    long dayKey = Hashes.of(seed, SALT_DAY, id);
    for (int d = 1; d <= day; d++) {
      long h = Hashes.mix64(dayKey ^ Hashes.mix64(d));
      if (Hashes.unit(h) >= DAILY_CHANGE_RATE) {
        continue;
      }
      long h2 = Hashes.mix64(h);
      // 0: price, 1: stock, 2: both. A book without a served price only changes stock, so every
      // change is visible on its page.
      int kind = priceless ? 1 : (int) Math.floorMod(h2, 3L);
      if (kind != 1) {
        int percent = 1 + (int) Math.floorMod(h2 >>> 8, 20L);
        int delta = Math.max(1, cents * percent / 100);
        boolean up = ((h2 >>> 40) & 1) == 0;
        int next = up ? cents + delta : cents - delta;
        if (next < MIN_CENTS || next > MAX_CENTS) {
          next = up ? cents - delta : cents + delta;
        }
        cents = next;
      }
      if (kind != 0) {
        stock = (stock + 1 + (int) Math.floorMod(h2 >>> 16, (long) MAX_STOCK)) % (MAX_STOCK + 1);
      }
      last = d;
    }
    return ((long) last << 32) | ((long) stock << 16) | cents;
  }

  private static int cents(long state) {
    return (int) (state & 0xFFFF);
  }

  private static int stock(long state) {
    return (int) ((state >>> 16) & 0xFFFF);
  }

  private static int lastChange(long state) {
    return (int) (state >>> 32);
  }

  private static String mediaPath(long hash) {
    String hex = HexFormat.of().toHexDigits(hash) + HexFormat.of().toHexDigits(Hashes.mix64(hash));
    return "media/cache/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex + ".jpg";
  }

  // Ids 1..50 take one category each (in a seeded order), so every category has a book once
  // there are 50; the rest follow the real site's uneven spread.
  private static byte[] assignCategories(int books, long seed) {
    int n = CATEGORIES.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom r = new SplittableRandom(Hashes.of(seed, SALT_PERMUTATION));
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    byte[] categoryOf = new byte[books + 1];
    int total = CUMULATIVE_WEIGHTS[n - 1];
    for (int id = 1; id <= books; id++) {
      if (id <= n) {
        categoryOf[id] = (byte) order[id - 1];
      } else {
        int ticket = (int) (Hashes.unit(Hashes.of(seed, SALT_CATEGORY, id)) * total);
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (CUMULATIVE_WEIGHTS[mid] > ticket) {
            hi = mid;
          } else {
            lo = mid + 1;
          }
        }
        categoryOf[id] = (byte) lo;
      }
    }
    return categoryOf;
  }

  private static int[][] indexCategories(byte[] categoryOf, int books) {
    int[] counts = new int[CATEGORIES.size()];
    for (int id = 1; id <= books; id++) {
      counts[categoryOf[id]]++;
    }
    int[][] ids = new int[CATEGORIES.size()][];
    for (int c = 0; c < ids.length; c++) {
      ids[c] = new int[counts[c]];
    }
    int[] filled = new int[CATEGORIES.size()];
    for (int id = books; id >= 1; id--) {
      int c = categoryOf[id];
      ids[c][filled[c]++] = id;
    }
    return ids;
  }

  private void pickSpecialBooks() {
    SplittableRandom r = new SplittableRandom(Hashes.of(seed, SALT_SPECIAL));
    if (size >= 100) {
      markSpecial(r, STAR_TOUCHED, 2);
    }
    int withoutDescription = size >= 1000 ? 2 : size >= 100 ? 1 : 0;
    markSpecial(r, NO_DESCRIPTION, withoutDescription);
  }

  private void markSpecial(SplittableRandom r, byte flag, int count) {
    for (int marked = 0; marked < count; ) {
      int id = 1 + r.nextInt(size);
      if (special[id] == 0) {
        special[id] = flag;
        marked++;
      }
    }
  }

  private Map<Integer, Integer> pickMalformedBooks(MalformedSpec spec) {
    int eligible = 0;
    for (int id = 1; id <= size; id++) {
      if (special[id] == 0) {
        eligible++;
      }
    }
    // A duplicate needs a well-formed book to copy from.
    int needed = spec.total() + (spec.duplicateUpc() > 0 ? 1 : 0);
    if (spec.total() > eligible || needed > size) {
      throw new IllegalArgumentException(
          "Cannot pick malformed books: " + spec.total() + " of " + size + " books");
    }
    SplittableRandom r = new SplittableRandom(Hashes.of(seed, SALT_MALFORMED));
    markDefect(r, MISSING_PRICE, spec.missingPrice());
    markDefect(r, ZERO_RATING, spec.zeroRating());
    markDefect(r, BAD_UPC, spec.badUpc());
    markDefect(r, DUPLICATE_UPC, spec.duplicateUpc());
    Map<Integer, Integer> copies = new TreeMap<>();
    for (int id = 1; id <= size; id++) {
      if (defect[id] == DUPLICATE_UPC) {
        int source;
        do {
          source = 1 + r.nextInt(size);
        } while (defect[source] != NO_DEFECT);
        copies.put(id, source);
      }
    }
    return copies;
  }

  private void markDefect(SplittableRandom r, byte kind, int count) {
    for (int marked = 0; marked < count; ) {
      int id = 1 + r.nextInt(size);
      if (special[id] == 0 && defect[id] == NO_DEFECT) {
        defect[id] = kind;
        marked++;
      }
    }
  }

  private void checkId(int siteId) {
    if (siteId < 1 || siteId > size) {
      throw new IllegalArgumentException("Cannot find book: " + siteId);
    }
  }

  private static void checkDay(int day) {
    if (day < 0) {
      throw new IllegalArgumentException("Cannot compute catalogue on day: " + day);
    }
  }

  private static void checkCategory(int categoryId) {
    if (categoryId < 1 || categoryId > CATEGORIES.size() + 1) {
      throw new IllegalArgumentException("Cannot find category: " + categoryId);
    }
  }

  private static int[] cumulative(int[] weights) {
    int[] sums = new int[weights.length];
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      sums[i] = sum;
    }
    return sums;
  }
}
