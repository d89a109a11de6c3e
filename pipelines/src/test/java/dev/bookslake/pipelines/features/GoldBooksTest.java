package dev.bookslake.pipelines.features;

import static dev.bookslake.pipelines.features.BookFixtures.DT;
import static dev.bookslake.pipelines.features.BookFixtures.book;
import static dev.bookslake.pipelines.features.BookFixtures.history;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.schemas.gold.EnrichedBook;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.avro.Schema;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/** {@link EnrichedBooks}, which makes gold.books. */
class GoldBooksTest {
  private static final List<Book> PRICED =
      List.of(
          book("0000000000000001", "Travel", "10.00", 3),
          book("0000000000000002", "Travel", "19.99", 3),
          book("0000000000000003", "Travel", "20.00", 3),
          book("0000000000000004", "Travel", "29.99", 3),
          book("0000000000000005", "Travel", "30.00", 3),
          book("0000000000000006", "Travel", "40.00", 3),
          book("0000000000000007", "Travel", "49.99", 3),
          book("0000000000000008", "Travel", "50.00", 3));

  private static Map<String, EnrichedBook> byUpc(Iterable<EnrichedBook> rows) {
    Map<String, EnrichedBook> map = new HashMap<>();
    rows.forEach(r -> map.put(r.getUpc(), r));
    return map;
  }

  @Test
  void bandsPricesWithInclusiveLowerBounds() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollection<BookPriceStock> noHistory =
        p.apply("NoHistory", Create.empty(AvroCoder.of(BookPriceStock.class)));
    PCollection<EnrichedBook> gold =
        p.apply(Create.of(PRICED).withCoder(AvroCoder.of(Book.class)))
            .apply(new EnrichedBooks(noHistory, DT));

    PAssert.that(gold)
        .satisfies(
            rows -> {
              Map<String, String> bands = new HashMap<>();
              rows.forEach(r -> bands.put(r.getPriceInclTax().toPlainString(), r.getPriceBand()));
              assertThat(bands)
                  .containsExactlyInAnyOrderEntriesOf(
                      Map.of(
                          "10.00", "<20", "19.99", "<20", "20.00", "20-30", "29.99", "20-30",
                          "30.00", "30-40", "40.00", "40-50", "49.99", "40-50", "50.00", ">=50"));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void firstSeenIsTheEarliestValidFromAndNewBooksAreSeenToday() {
    List<Book> books =
        List.of(
            book("aaaaaaaaaaaaaaaa", "Poetry", "12.00", 4),
            book("bbbbbbbbbbbbbbbb", "Poetry", "13.00", 2));
    List<BookPriceStock> intervals =
        List.of(
            history("aaaaaaaaaaaaaaaa", "12.00", "2025-12-28", null),
            history("aaaaaaaaaaaaaaaa", "14.00", "2025-12-20", "2025-12-28"),
            history("cccccccccccccccc", "9.00", "2025-11-01", "2025-12-01"));
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollection<BookPriceStock> history =
        p.apply("History", Create.of(intervals).withCoder(AvroCoder.of(BookPriceStock.class)));
    PCollection<EnrichedBook> gold =
        p.apply("Books", Create.of(books).withCoder(AvroCoder.of(Book.class)))
            .apply(new EnrichedBooks(history, DT));

    PAssert.that(gold)
        .satisfies(
            rows -> {
              Map<String, EnrichedBook> byUpc = byUpc(rows);
              assertThat(byUpc)
                  .as("a history-only book (no longer listed) is not in gold.books")
                  .containsOnlyKeys("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb");
              assertThat(byUpc.get("aaaaaaaaaaaaaaaa").getFirstSeen())
                  .isEqualTo(LocalDate.parse("2025-12-20"));
              assertThat(byUpc.get("aaaaaaaaaaaaaaaa").getDaysSinceFirstSeen()).isEqualTo(21);
              assertThat(byUpc.get("bbbbbbbbbbbbbbbb").getFirstSeen()).isEqualTo(DT);
              assertThat(byUpc.get("bbbbbbbbbbbbbbbb").getDaysSinceFirstSeen()).isZero();
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertThat(StageRuns.counter(result, FeaturesPipeline.METRICS, "books_without_history"))
        .isEqualTo(1);
  }

  @Test
  void keepsEverySilverColumnAndMeasuresTitleAndDescription() {
    Book himalayas =
        book(
            "a897fe39b1053632",
            "Travel",
            "45.17",
            2,
            "It's Only the Himalayas",
            "Wanderlust ...more");
    Book attic = book("0312262ecafa5a40", "Poetry", "51.77", 3, " A Light in the  Attic - ", null);
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollection<BookPriceStock> noHistory =
        p.apply("NoHistory", Create.empty(AvroCoder.of(BookPriceStock.class)));
    PCollection<EnrichedBook> gold =
        p.apply(Create.of(himalayas, attic).withCoder(AvroCoder.of(Book.class)))
            .apply(new EnrichedBooks(noHistory, DT));

    PAssert.that(gold)
        .satisfies(
            rows -> {
              Map<String, EnrichedBook> byUpc = byUpc(rows);
              for (Book silver : List.of(himalayas, attic)) {
                EnrichedBook row = byUpc.get(silver.getUpc());
                for (Schema.Field field : Book.getClassSchema().getFields()) {
                  assertThat(row.get(field.name()))
                      .as(field.name())
                      .isEqualTo(silver.get(field.name()));
                }
              }
              assertThat(byUpc.get("a897fe39b1053632").getTitleWordCount()).isEqualTo(4);
              assertThat(byUpc.get("a897fe39b1053632").getDescriptionLength()).isEqualTo(18);
              assertThat(byUpc.get("0312262ecafa5a40").getTitleWordCount())
                  .as("a lone dash is not a word")
                  .isEqualTo(5);
              assertThat(byUpc.get("0312262ecafa5a40").getDescriptionLength())
                  .as("null description")
                  .isZero();
              assertThat(StreamSupport.stream(rows.spliterator(), false).count()).isEqualTo(2);
              return null;
            });
    p.run().waitUntilFinish();
  }
}
