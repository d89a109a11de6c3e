package dev.bookslake.pipelines.clean.internal;

import dev.bookslake.pipelines.clean.ParsedBook;
import dev.bookslake.pipelines.clean.ParsedPage;
import dev.bookslake.pipelines.clean.QualityRules;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.QuarantinedBook;

/** Builds the silver rows of a checked page. */
public final class SilverRows {
  private SilverRows() {}

  /**
   * The {@code silver.books} row of a page that passed every rule, which guarantees each non-null
   * field.
   */
  public static Book book(ParsedPage page, String dt, String runId) {
    ParsedBook b = page.book();
    return Book.newBuilder()
        .setUpc(b.upc())
        .setSiteId(b.siteId())
        .setTitle(b.title())
        .setCategory(b.category())
        .setPriceExclTax(b.priceExclTax())
        .setPriceInclTax(b.priceInclTax())
        .setTax(b.tax())
        .setCurrency(b.currency())
        .setStockCount(b.stockCount())
        .setInStock(b.inStock())
        .setRating(b.rating())
        .setReviewCount(b.reviewCount())
        .setDescription(b.description())
        .setImageUrl(b.imageUrl())
        .setProductUrl(b.productUrl())
        .setPageSha256(page.pageSha256())
        .setScrapedAt(page.fetchedAt())
        .setRunId(runId)
        .setDt(dt)
        .build();
  }

  /** The {@code silver.quarantine} row of one failed rule of a page. */
  public static QuarantinedBook quarantined(
      ParsedPage page, QualityRules.Failure failure, String parsedJson, String dt, String runId) {
    ParsedBook b = page.book();
    return QuarantinedBook.newBuilder()
        .setProductUrl(b.productUrl())
        .setUpc(b.upc())
        .setSiteId(b.siteId())
        .setRule(failure.rule())
        .setReason(failure.reason())
        .setParsedJson(parsedJson)
        .setPageSha256(page.pageSha256())
        .setScrapedAt(page.fetchedAt())
        .setRunId(runId)
        .setDt(dt)
        .build();
  }
}
