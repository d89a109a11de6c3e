package dev.bookslake.pipelines.features;

import static dev.bookslake.pipelines.features.BookFixtures.enriched;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.pipelines.features.internal.BookColumns;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.gold.BookFeatureVector;
import dev.bookslake.schemas.gold.EnrichedBook;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

/** {@link BookFeatures}, which makes gold.features. */
class FeatureVectorsTest {
  private static final FeatureContract CONTRACT = FeatureContract.load();

  @Test
  void writesTheContractsVectorOneColumnPerFeature() {
    EnrichedBook travel = enriched("a897fe39b1053632", "Travel", "45.17", 2);
    float[] expected = CONTRACT.vectorizer().vectorise(BookColumns.of(travel));
    List<String> names = CONTRACT.featureNames();
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);

    PAssert.that(
            p.apply(Create.of(travel).withCoder(AvroCoder.of(EnrichedBook.class)))
                .apply(new BookFeatures(CONTRACT)))
        .satisfies(
            rows -> {
              assertThat(rows).hasSize(1);
              BookFeatureVector row = rows.iterator().next();
              assertThat(row.getUpc()).isEqualTo("a897fe39b1053632");
              assertThat(row.getFeatureContractHash()).isEqualTo(CONTRACT.hash());
              assertThat(row.getPriceExclTax()).isEqualTo(45.17f);
              assertThat(row.getCategoryTravel()).isEqualTo(1f);
              assertThat(row.getCategoryOther()).isEqualTo(0f);
              for (int i = 0; i < names.size(); i++) {
                assertThat(row.get(names.get(i))).as(names.get(i)).isEqualTo(expected[i]);
              }
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void leavesOutAndCountsBooksThatBreakTheContract() {
    EnrichedBook good = enriched("0000000000000001", "Poetry", "12.00", 4);
    EnrichedBook negative = enriched("0000000000000002", "Poetry", "12.00", 4);
    negative.setPriceExclTax(new BigDecimal("-3.00"));
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);

    PAssert.that(
            p.apply(Create.of(good, negative).withCoder(AvroCoder.of(EnrichedBook.class)))
                .apply(new BookFeatures(CONTRACT)))
        .satisfies(
            rows -> {
              assertThat(rows)
                  .extracting(BookFeatureVector::getUpc)
                  .containsExactly("0000000000000001");
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertThat(StageRuns.counter(result, FeaturesPipeline.METRICS, BookFeatures.UNVECTORISABLE))
        .isEqualTo(1);
  }
}
