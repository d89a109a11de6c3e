package dev.bookslake.lake;

/** The tables of the lake, by the name analysts and pipelines use. */
public final class Tables {
  /** Every page fetched by the scrape stage, one row per URL per {@code dt}. */
  public static final TableId BRONZE_PAGES = TableId.of(Layer.BRONZE, "pages");
  /** Every fetch that failed after its retries, one row per URL per {@code dt}. */
  public static final TableId BRONZE_FETCH_ERRORS = TableId.of(Layer.BRONZE, "fetch_errors");

  private Tables() {}
}
