package dev.bookslake.pipelines.features;

import static dev.bookslake.pipelines.features.BookFixtures.DT;

import dev.bookslake.schemas.gold.CatalogueOverview;
import dev.bookslake.schemas.gold.EnrichedBook;
import java.math.BigDecimal;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

/** {@link Overview}, which makes gold.overview. */
class GoldOverviewTest {
  @Test
  void summarisesTheWholeCatalogueInOneRow() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);

    // Prices sorted: 10.00 x4, 11.00, 12.01, 20.00, 45.17, 50.00; the 5th of 9 is the median.
    PAssert.that(
            p.apply(Create.of(CategoryStatsTest.BOOKS).withCoder(AvroCoder.of(EnrichedBook.class)))
                .apply(new Overview(DT)))
        .containsInAnyOrder(
            CatalogueOverview.newBuilder()
                .setDt(DT.toString())
                .setBooks(9)
                .setCategories(3)
                .setInStockBooks(9)
                .setInStockShare(1.0)
                .setTotalStock(7 + 13 + 10)
                .setMinPrice(new BigDecimal("10.00"))
                .setAvgPrice(new BigDecimal("19.7978"))
                .setMedianPrice(new BigDecimal("11.000"))
                .setMaxPrice(new BigDecimal("50.00"))
                .setAvgRating(31.0 / 9)
                .setRating1(1)
                .setRating2(1)
                .setRating3(2)
                .setRating4(3)
                .setRating5(2)
                .build());
    p.run().waitUntilFinish();
  }

  @Test
  void anEmptyCatalogueStillHasItsRowWithZeroCountsAndNoAverages() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);

    PAssert.that(p.apply(Create.empty(AvroCoder.of(EnrichedBook.class))).apply(new Overview(DT)))
        .containsInAnyOrder(
            CatalogueOverview.newBuilder()
                .setDt(DT.toString())
                .setBooks(0)
                .setCategories(0)
                .setInStockBooks(0)
                .setInStockShare(null)
                .setTotalStock(0)
                .setMinPrice(new BigDecimal("0.00"))
                .setAvgPrice(new BigDecimal("0.0000"))
                .setMedianPrice(new BigDecimal("0.000"))
                .setMaxPrice(new BigDecimal("0.00"))
                .setAvgRating(null)
                .setRating1(0)
                .setRating2(0)
                .setRating3(0)
                .setRating4(0)
                .setRating5(0)
                .build());
    p.run().waitUntilFinish();
  }
}
