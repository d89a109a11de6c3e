package dev.bookslake.pipelines.features;

import dev.bookslake.pipelines.features.internal.BookColumns;
import dev.bookslake.pipelines.features.internal.BookDerivations;
import dev.bookslake.schemas.gold.EnrichedBook;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** Small silver and gold books for the features tests, with memorable values. */
final class BookFixtures {
  static final LocalDate DT = LocalDate.parse("2026-01-10");

  private BookFixtures() {}

  static Book book(String upc, String category, String price, int rating) {
    return book(
        upc,
        category,
        price,
        rating,
        "A Book About " + category,
        "Pages and pages about " + category + ".");
  }

  static Book book(
      String upc, String category, String price, int rating, String title, String description) {
    BigDecimal amount = new BigDecimal(price);
    return Book.newBuilder()
        .setUpc(upc)
        .setSiteId(Math.abs(upc.hashCode() % 1000) + 1)
        .setTitle(title)
        .setCategory(category)
        .setPriceExclTax(amount)
        .setPriceInclTax(amount)
        .setTax(new BigDecimal("0.00"))
        .setCurrency("GBP")
        .setStockCount(rating * 3 % 7)
        .setInStock(rating * 3 % 7 > 0)
        .setRating(rating)
        .setReviewCount(0)
        .setDescription(description)
        .setImageUrl("http://127.0.0.1:8000/media/cache/" + upc + ".jpg")
        .setProductUrl("http://127.0.0.1:8000/catalogue/" + upc + "/index.html")
        .setPageSha256("00")
        .setScrapedAt(Instant.parse("2026-01-10T08:00:00Z"))
        .setRunId("clean-1")
        .setDt(DT.toString())
        .build();
  }

  /**
   * The gold.books row the features stage would make of a silver book first seen {@code daysAgo}
   * days ago.
   */
  static EnrichedBook enriched(Book book, int daysAgo) {
    EnrichedBook enriched = new EnrichedBook();
    BookColumns.copy(book, enriched);
    enriched.setPriceBand(BookDerivations.priceBand(book.getPriceInclTax()));
    enriched.setDescriptionLength(BookDerivations.descriptionLength(book.getDescription()));
    enriched.setTitleWordCount(BookDerivations.titleWordCount(book.getTitle()));
    enriched.setFirstSeen(DT.minusDays(daysAgo));
    enriched.setDaysSinceFirstSeen(daysAgo);
    return enriched;
  }

  static EnrichedBook enriched(String upc, String category, String price, int rating) {
    return enriched(book(upc, category, price, rating), 0);
  }

  static BookPriceStock history(String upc, String price, String validFrom, String validTo) {
    BigDecimal amount = new BigDecimal(price);
    return BookPriceStock.newBuilder()
        .setUpc(upc)
        .setPriceExclTax(amount)
        .setPriceInclTax(amount)
        .setStockCount(3)
        .setInStock(true)
        .setValidFrom(LocalDate.parse(validFrom))
        .setValidTo(validTo == null ? null : LocalDate.parse(validTo))
        .setIsCurrent(validTo == null)
        .setDt(DT.toString())
        .build();
  }
}
