package dev.bookslake.pipelines.testing;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.common.RecordColumns;
import dev.bookslake.pipelines.features.internal.BookColumns;
import dev.bookslake.pipelines.features.internal.TrainingSplit;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.gold.BookFeatureVector;
import dev.bookslake.schemas.gold.EnrichedBook;
import dev.bookslake.schemas.gold.TrainingExample;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small gold.training_data and gold.features tables written with the project's own vectorizer,
 * split and Parquet writer, with targets chosen by the test: learnable from the features, pure
 * noise, or learnable but with the train rows' labels shuffled.
 */
public final class MlLakes {
  /** A handful of categories, so a few hundred rows fill every one. */
  public static final List<String> CATEGORIES =
      List.of("Travel", "Mystery", "Poetry", "Fiction", "Science");

  public static final FeatureContract CONTRACT = FeatureContract.load();

  /** How the targets relate to the features. */
  public enum Labels {
    /** rating = title_word_count (1..5); price = 10 + 8 * title_word_count + 3 per in-stock. */
    LEARNABLE,
    /** Both targets drawn independently of every feature. */
    RANDOM,
    /**
     * LEARNABLE, then the train split's labels shuffled among themselves; test rows keep the truth.
     */
    SHUFFLED_TRAIN
  }

  /**
   * One fixture book: gold.books columns and its true targets.
   *
   * @param columns what the vectorizer reads
   */
  public record FixtureBook(
      String upc, int siteId, Map<String, Object> columns, int rating, double price) {
    public String split() {
      return TrainingSplit.of(upc);
    }
  }

  private MlLakes() {}

  public static List<FixtureBook> books(int n, long seed, Labels labels) {
    Random random = new Random(seed);
    List<FixtureBook> books = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int words = 1 + random.nextInt(5);
      int stock = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(22);
      Map<String, Object> columns = new LinkedHashMap<>();
      columns.put("price_excl_tax", BigDecimal.valueOf(1000 + random.nextInt(5000), 2));
      columns.put("review_count", 0);
      columns.put("stock_count", stock);
      columns.put("in_stock", stock > 0);
      columns.put("description_length", 200 + random.nextInt(1500));
      columns.put("title_word_count", words);
      columns.put("days_since_first_seen", random.nextInt(31));
      columns.put("category", CATEGORIES.get(random.nextInt(CATEGORIES.size())));
      boolean noise = labels == Labels.RANDOM;
      int rating = noise ? 1 + random.nextInt(5) : words;
      double price =
          noise ? 10 + random.nextInt(5000) / 100.0 : 10 + 8 * words + (stock > 0 ? 3 : 0);
      columns.put("rating", rating);
      String upc = String.format("%016x", random.nextLong());
      books.add(new FixtureBook(upc, i + 1, columns, rating, price));
    }
    return labels == Labels.SHUFFLED_TRAIN ? shuffleTrainLabels(books, seed) : books;
  }

  private static List<FixtureBook> shuffleTrainLabels(List<FixtureBook> books, long seed) {
    List<FixtureBook> train =
        books.stream().filter(b -> b.split().equals(TrainingSplit.TRAIN)).toList();
    List<Integer> ratings = new ArrayList<>(train.stream().map(FixtureBook::rating).toList());
    List<Double> prices = new ArrayList<>(train.stream().map(FixtureBook::price).toList());
    Collections.shuffle(ratings, new Random(seed + 1));
    Collections.shuffle(prices, new Random(seed + 2));
    List<FixtureBook> out = new ArrayList<>(books.size());
    int next = 0;
    for (FixtureBook book : books) {
      if (book.split().equals(TrainingSplit.TRAIN)) {
        out.add(
            new FixtureBook(
                book.upc(), book.siteId(), book.columns(), ratings.get(next), prices.get(next)));
        next++;
      } else {
        out.add(book);
      }
    }
    return out;
  }

  /** The gold.books row of a fixture book: its columns, with the true rating and price. */
  static EnrichedBook goldBook(FixtureBook book, LocalDate dt) {
    Map<String, Object> c = book.columns();
    BigDecimal price = BigDecimal.valueOf(book.price()).setScale(2, RoundingMode.HALF_UP);
    BigDecimal excl = (BigDecimal) c.get("price_excl_tax");
    return EnrichedBook.newBuilder()
        .setUpc(book.upc())
        .setSiteId(book.siteId())
        .setTitle("Book " + book.siteId())
        .setCategory((String) c.get("category"))
        .setPriceExclTax(excl)
        .setPriceInclTax(price)
        .setTax(new BigDecimal("0.00"))
        .setCurrency("GBP")
        .setStockCount((Integer) c.get("stock_count"))
        .setInStock((Boolean) c.get("in_stock"))
        .setRating(book.rating())
        .setReviewCount((Integer) c.get("review_count"))
        .setDescription(null)
        .setImageUrl("http://127.0.0.1/" + book.siteId() + ".jpg")
        .setProductUrl("http://127.0.0.1/catalogue/" + book.siteId() + "/index.html")
        .setPageSha256(String.format("%064x", book.siteId()))
        .setScrapedAt(Instant.parse(dt + "T06:00:00Z"))
        .setRunId("fixture")
        .setPriceBand("20-30")
        .setDescriptionLength((Integer) c.get("description_length"))
        .setTitleWordCount((Integer) c.get("title_word_count"))
        .setFirstSeen(dt.minusDays((Integer) c.get("days_since_first_seen")))
        .setDaysSinceFirstSeen((Integer) c.get("days_since_first_seen"))
        .setDt(dt.toString())
        .build();
  }

  /**
   * Writes gold.books, gold.training_data and gold.features for dt, as the features stage would.
   */
  public static void write(Lake lake, LocalDate dt, List<FixtureBook> books) {
    write(lake, dt, books, CONTRACT.hash());
  }

  /** The same, claiming the given feature contract hash. */
  public static void write(Lake lake, LocalDate dt, List<FixtureBook> books, String contractHash) {
    List<String> names = CONTRACT.featureNames();
    int[] trainingColumns = RecordColumns.positions(TrainingExample.getClassSchema(), names);
    int[] featureColumns = RecordColumns.positions(BookFeatureVector.getClassSchema(), names);
    List<TrainingExample> training = new ArrayList<>();
    List<BookFeatureVector> features = new ArrayList<>();
    for (FixtureBook book : books) {
      float[] vector = CONTRACT.vectorizer().vectorise(book.columns());
      TrainingExample example = new TrainingExample();
      example.setUpc(book.upc());
      example.setSiteId(book.siteId());
      BookColumns.putFeatures(example, trainingColumns, vector);
      example.setTargetRating(book.rating());
      example.setTargetPrice(book.price());
      example.setSplit(book.split());
      example.setFeatureContractHash(contractHash);
      example.setDt(dt.toString());
      training.add(example);
      BookFeatureVector row = new BookFeatureVector();
      row.setUpc(book.upc());
      row.setSiteId(book.siteId());
      BookColumns.putFeatures(row, featureColumns, vector);
      row.setFeatureContractHash(contractHash);
      row.setDt(dt.toString());
      features.add(row);
    }
    LakeIO.commitRows(
        lake.begin(Tables.GOLD_BOOKS, dt, "fixture"),
        EnrichedBook.class,
        books.stream().map(b -> goldBook(b, dt)).toList());
    LakeIO.commitRows(
        lake.begin(Tables.GOLD_TRAINING_DATA, dt, "fixture"), TrainingExample.class, training);
    LakeIO.commitRows(
        lake.begin(Tables.GOLD_FEATURES, dt, "fixture"), BookFeatureVector.class, features);
  }
}
