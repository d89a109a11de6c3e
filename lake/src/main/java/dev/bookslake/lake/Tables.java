package dev.bookslake.lake;

/** The tables of the lake, by the name analysts and pipelines use. */
public final class Tables {
  /** Every page fetched by the scrape stage, one row per URL per {@code dt}. */
  public static final TableId BRONZE_PAGES = TableId.of(Layer.BRONZE, "pages");

  /** Every fetch that failed after its retries, one row per URL per {@code dt}. */
  public static final TableId BRONZE_FETCH_ERRORS = TableId.of(Layer.BRONZE, "fetch_errors");

  /** One clean row per book per {@code dt}. */
  public static final TableId SILVER_BOOKS = TableId.of(Layer.SILVER, "books");

  /** Product pages that failed a quality rule, with the rule and reason. */
  public static final TableId SILVER_QUARANTINE = TableId.of(Layer.SILVER, "quarantine");

  /** Price and stock as a slowly changing dimension. */
  public static final TableId SILVER_BOOK_HISTORY = TableId.of(Layer.SILVER, "book_history");

  /** Per quality rule and {@code dt}: product pages checked and failed. */
  public static final TableId SILVER_QUALITY_REPORT = TableId.of(Layer.SILVER, "quality_report");

  /** Every silver book of a {@code dt} with derived columns (price band, lengths, first seen). */
  public static final TableId GOLD_BOOKS = TableId.of(Layer.GOLD, "books");

  /** Counts, exact price statistics and rating distribution per category. */
  public static final TableId GOLD_CATEGORY_STATS = TableId.of(Layer.GOLD, "category_stats");

  /** One row summarising the catalogue. */
  public static final TableId GOLD_OVERVIEW = TableId.of(Layer.GOLD, "overview");

  /** One feature vector per book, one column per feature of the feature contract. */
  public static final TableId GOLD_FEATURES = TableId.of(Layer.GOLD, "features");

  /** Features plus true targets and a deterministic train/test split. */
  public static final TableId GOLD_TRAINING_DATA = TableId.of(Layer.GOLD, "training_data");

  /** Up to 10 most similar books per book. */
  public static final TableId GOLD_SIMILAR_BOOKS = TableId.of(Layer.GOLD, "similar_books");

  /** Batch predictions of the production models for every book of a {@code dt}. */
  public static final TableId GOLD_PREDICTIONS = TableId.of(Layer.GOLD, "predictions");

  /**
   * Books of a {@code dt} a production model could not score, with the reason (predict's dead
   * letters).
   */
  public static final TableId GOLD_PREDICTION_ERRORS = TableId.of(Layer.GOLD, "prediction_errors");

  /** Per production model and feature: drift of current inputs from training data. */
  public static final TableId GOLD_DRIFT_REPORT = TableId.of(Layer.GOLD, "drift_report");

  private Tables() {}
}
