package dev.bookslake.pipelines.features;

import dev.bookslake.pipelines.features.internal.BookColumns;
import dev.bookslake.pipelines.features.internal.BookDerivations;
import dev.bookslake.schemas.gold.EnrichedBook;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Min;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code gold.books}: every silver book of the run date with its derived columns: price band,
 * description length, title word count, and when the book was first seen (the smallest
 * {@code valid_from} of its rows in {@code silver.book_history}).
 *
 * <pre>{@code
 * PCollection<EnrichedBook> gold = books.apply("EnrichBooks", new EnrichedBooks(history, dt));
 * }</pre>
 */
public final class EnrichedBooks extends PTransform<PCollection<Book>, PCollection<EnrichedBook>> {
  private static final TupleTag<Book> BOOKS = new TupleTag<>() {};
  private static final TupleTag<Integer> FIRST_SEEN = new TupleTag<>() {};

  private final PCollection<BookPriceStock> history;
  private final LocalDate dt;

  /**
   * @param history the {@code silver.book_history} partition of {@code dt}
   * @param dt the run date, from which {@code days_since_first_seen} counts
   */
  public EnrichedBooks(PCollection<BookPriceStock> history, LocalDate dt) {
    this.history = history;
    this.dt = dt;
  }

  @Override
  public PCollection<EnrichedBook> expand(PCollection<Book> books) {
    PCollection<KV<String, Book>> byUpc =
        books
            .apply("KeyBooksByUpc", MapElements
                .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Book.class)))
                .via((Book b) -> KV.of(b.getUpc(), b)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), AvroCoder.of(Book.class)));
    PCollection<KV<String, Integer>> firstSeen =
        history
            .apply("KeyValidFromByUpc", MapElements
                .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.integers()))
                .via((BookPriceStock h) -> KV.of(h.getUpc(), (int) h.getValidFrom().toEpochDay())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()))
            .apply("EarliestValidFrom", Min.integersPerKey());
    return KeyedPCollectionTuple.of(BOOKS, byUpc)
        .and(FIRST_SEEN, firstSeen)
        .apply("JoinHistory", CoGroupByKey.create())
        .apply("DeriveColumns", ParDo.of(new EnrichFn(dt)))
        .setCoder(AvroCoder.of(EnrichedBook.class));
  }

  /** Copies each book and adds the derived columns; history rows of books no longer listed are dropped. */
  static final class EnrichFn extends DoFn<KV<String, CoGbkResult>, EnrichedBook> {
    private final LocalDate dt;
    private final Counter withoutHistory = Metrics.counter(FeaturesPipeline.METRICS, "books_without_history");

    EnrichFn(LocalDate dt) {
      this.dt = dt;
    }

    @ProcessElement
    public void processElement(@Element KV<String, CoGbkResult> joined, OutputReceiver<EnrichedBook> out) {
      Integer earliest = joined.getValue().getOnly(FIRST_SEEN, null);
      for (Book book : joined.getValue().getAll(BOOKS)) {
        LocalDate firstSeen;
        if (earliest == null) {
          // A book the history does not know yet is new today, not a reason to fail the run.
          withoutHistory.inc();
          firstSeen = dt;
        } else {
          firstSeen = LocalDate.ofEpochDay(earliest);
        }
        EnrichedBook enriched = new EnrichedBook();
        BookColumns.copy(book, enriched);
        enriched.setPriceBand(BookDerivations.priceBand(book.getPriceInclTax()));
        enriched.setDescriptionLength(BookDerivations.descriptionLength(book.getDescription()));
        enriched.setTitleWordCount(BookDerivations.titleWordCount(book.getTitle()));
        enriched.setFirstSeen(firstSeen);
        enriched.setDaysSinceFirstSeen((int) ChronoUnit.DAYS.between(firstSeen, dt));
        out.output(enriched);
      }
    }
  }
}
