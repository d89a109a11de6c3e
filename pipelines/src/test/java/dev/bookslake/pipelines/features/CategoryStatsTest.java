package dev.bookslake.pipelines.features;

import static dev.bookslake.pipelines.features.BookFixtures.DT;
import static dev.bookslake.pipelines.features.BookFixtures.enriched;

import dev.bookslake.schemas.gold.CategorySummary;
import dev.bookslake.schemas.gold.EnrichedBook;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

/** {@link CategoryStats}, which makes gold.category_stats. */
class CategoryStatsTest {
  /**
   * Travel: 3 books (odd), Poetry: 4 books (even), Crime: 2 books at one price. Stock is rating * 3
   * % 7.
   */
  static final List<EnrichedBook> BOOKS =
      List.of(
          enriched("t000000000000001", "Travel", "45.17", 1),
          enriched("t000000000000002", "Travel", "10.00", 3),
          enriched("t000000000000003", "Travel", "20.00", 3),
          enriched("p000000000000001", "Poetry", "50.00", 5),
          enriched("p000000000000002", "Poetry", "12.01", 2),
          enriched("p000000000000003", "Poetry", "10.00", 5),
          enriched("p000000000000004", "Poetry", "11.00", 4),
          enriched("c000000000000001", "Crime", "10.00", 4),
          enriched("c000000000000002", "Crime", "10.00", 4));

  private static CategorySummary.Builder summary(String category) {
    return CategorySummary.newBuilder().setCategory(category).setDt(DT.toString());
  }

  @Test
  void countsStockPricesAndRatingsPerCategoryWithExactMedians() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);

    PAssert.that(
            p.apply(Create.of(BOOKS).withCoder(AvroCoder.of(EnrichedBook.class)))
                .apply(new CategoryStats(DT)))
        .containsInAnyOrder(
            summary("Travel")
                .setBooks(3)
                .setInStockBooks(3)
                .setInStockShare(1.0)
                .setTotalStock(3 + 2 + 2)
                .setMinPrice(new BigDecimal("10.00"))
                .setAvgPrice(new BigDecimal("25.0567"))
                .setMedianPrice(new BigDecimal("20.000"))
                .setMaxPrice(new BigDecimal("45.17"))
                .setAvgRating(7.0 / 3)
                .setRating1(1)
                .setRating2(0)
                .setRating3(2)
                .setRating4(0)
                .setRating5(0)
                .build(),
            summary("Poetry")
                .setBooks(4)
                .setInStockBooks(4)
                .setInStockShare(1.0)
                .setTotalStock(1 + 6 + 1 + 5)
                .setMinPrice(new BigDecimal("10.00"))
                .setAvgPrice(new BigDecimal("20.7525"))
                .setMedianPrice(new BigDecimal("11.505"))
                .setMaxPrice(new BigDecimal("50.00"))
                .setAvgRating(16.0 / 4)
                .setRating1(0)
                .setRating2(1)
                .setRating3(0)
                .setRating4(1)
                .setRating5(2)
                .build(),
            summary("Crime")
                .setBooks(2)
                .setInStockBooks(2)
                .setInStockShare(1.0)
                .setTotalStock(10)
                .setMinPrice(new BigDecimal("10.00"))
                .setAvgPrice(new BigDecimal("10.0000"))
                .setMedianPrice(new BigDecimal("10.000"))
                .setMaxPrice(new BigDecimal("10.00"))
                .setAvgRating(4.0)
                .setRating1(0)
                .setRating2(0)
                .setRating3(0)
                .setRating4(2)
                .setRating5(0)
                .build());
    p.run().waitUntilFinish();
  }

  @Test
  void countsBooksOutOfStock() {
    EnrichedBook soldOut = enriched("s000000000000001", "Travel", "30.00", 2);
    soldOut.setStockCount(0);
    soldOut.setInStock(false);
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);

    PAssert.that(
            p.apply(Create.of(BOOKS.get(0), soldOut).withCoder(AvroCoder.of(EnrichedBook.class)))
                .apply(new CategoryStats(DT)))
        .containsInAnyOrder(
            summary("Travel")
                .setBooks(2)
                .setInStockBooks(1)
                .setInStockShare(0.5)
                .setTotalStock(3)
                .setMinPrice(new BigDecimal("30.00"))
                .setAvgPrice(new BigDecimal("37.5850"))
                .setMedianPrice(new BigDecimal("37.585"))
                .setMaxPrice(new BigDecimal("45.17"))
                .setAvgRating(1.5)
                .setRating1(1)
                .setRating2(1)
                .setRating3(0)
                .setRating4(0)
                .setRating5(0)
                .build());
    p.run().waitUntilFinish();
  }
}
