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

  private Tables() {}
}
