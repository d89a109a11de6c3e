package dev.bookslake.pipelines.features;

import static dev.bookslake.pipelines.features.BookFixtures.book;
import static dev.bookslake.pipelines.features.BookFixtures.enriched;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.schemas.gold.BookSentiment;
import dev.bookslake.schemas.gold.EnrichedBook;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

/** {@link BookSentiments}, which makes gold.book_sentiment. */
class BookSentimentsTest {
  private static EnrichedBook described(String upc, String category, String description) {
    return enriched(book(upc, category, "12.00", 3, "A Title", description), 0);
  }

  @Test
  void scoresEveryBooksDescriptionAndScoresBooksWithoutOneNeutralZero() {
    EnrichedBook happy =
        described("0000000000000001", "Travel", "A wonderful, joyful and hopeful journey!");
    EnrichedBook grim =
        described("0000000000000002", "Mystery", "A brutal murder, betrayal and a corrupt city.");
    EnrichedBook plain = described("0000000000000003", "Science", "A guide to sourdough.");
    EnrichedBook none = described("0000000000000004", "Poetry", null);
    EnrichedBook blank = described("0000000000000005", "Poetry", "  \n ");
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);

    PAssert.that(
            p.apply(
                    Create.of(happy, grim, plain, none, blank)
                        .withCoder(AvroCoder.of(EnrichedBook.class)))
                .apply(new BookSentiments()))
        .satisfies(
            rows -> {
              Map<String, BookSentiment> byUpc =
                  StreamSupport.stream(rows.spliterator(), false)
                      .collect(Collectors.toMap(BookSentiment::getUpc, Function.identity()));
              assertThat(byUpc).hasSize(5);
              BookSentiment h = byUpc.get("0000000000000001");
              assertThat(h.getSentimentLabel()).isEqualTo("positive");
              assertThat(h.getSentimentScore()).isGreaterThanOrEqualTo(0.05);
              assertThat(h.getPositive()).isGreaterThan(h.getNegative());
              assertThat(h.getPositive() + h.getNeutral() + h.getNegative())
                  .isBetween(0.998, 1.002);
              assertThat(h.getCategory()).isEqualTo("Travel");
              assertThat(h.getSiteId()).isEqualTo(happy.getSiteId());
              assertThat(h.getDt()).isEqualTo(BookFixtures.DT.toString());
              assertThat(h.getHasDescription()).isTrue();
              assertThat(byUpc.get("0000000000000002").getSentimentLabel()).isEqualTo("negative");
              assertThat(byUpc.get("0000000000000002").getSentimentScore())
                  .isLessThanOrEqualTo(-0.05);
              assertThat(byUpc.get("0000000000000003").getSentimentLabel()).isEqualTo("neutral");
              for (String upc : new String[] {"0000000000000004", "0000000000000005"}) {
                BookSentiment s = byUpc.get(upc);
                assertThat(s.getHasDescription()).as(upc).isFalse();
                assertThat(s.getSentimentLabel()).as(upc).isEqualTo("neutral");
                assertThat(
                        new double[] {
                          s.getSentimentScore(), s.getPositive(), s.getNeutral(), s.getNegative()
                        })
                    .as(upc)
                    .containsOnly(0.0);
              }
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(
            StageRuns.counter(result, FeaturesPipeline.METRICS, BookSentiments.WITHOUT_DESCRIPTION))
        .isEqualTo(2);
    assertThat(StageRuns.counter(result, FeaturesPipeline.METRICS, BookSentiments.UNSCORABLE))
        .isZero();
  }
}
