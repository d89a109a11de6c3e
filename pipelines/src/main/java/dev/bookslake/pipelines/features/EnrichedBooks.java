package dev.bookslake.pipelines.features;

import dev.bookslake.pipelines.features.internal.BookColumns;
import dev.bookslake.pipelines.features.internal.BookDerivations;
import dev.bookslake.schemas.gold.EnrichedBook;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
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
 * description length, title word count, and when the book was first seen (the smallest {@code
 * valid_from} of its rows in {@code silver.book_history}).
 *
 * <pre>{@code
 * PCollection<EnrichedBook> gold = books.apply("EnrichBooks", new EnrichedBooks(history, dt));
 * }</pre>
 */
public final class EnrichedBooks extends PTransform<PCollection<Book>, PCollection<EnrichedBook>> {
  private static final TupleTag<Book> BOOKS = new TupleTag<>() {};
  private static final TupleTag<KV<String, Integer>> VALID_FROM = new TupleTag<>() {};

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
    PCollection<KV<Integer, Book>> booksByShard =
        books
            .apply(
                "KeyBooksByShard",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.integers(), TypeDescriptor.of(Book.class)))
                    .via((Book b) -> KV.of(Shards.of(b.getUpc()), b)))
            // The specific (not reflect) Avro coder: generated accessors encode about 2.5 times
            // faster,
            // which the DirectRunner's per-element immutability checks feel at 100k books.
            .setCoder(KvCoder.of(VarIntCoder.of(), AvroCoder.specific(Book.class)));
    PCollection<KV<Integer, KV<String, Integer>>> validFromByShard =
        history
            .apply(
                "KeyValidFromByShard",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.integers(),
                            TypeDescriptors.kvs(
                                TypeDescriptors.strings(), TypeDescriptors.integers())))
                    .via(
                        (BookPriceStock h) ->
                            KV.of(
                                Shards.of(h.getUpc()),
                                KV.of(h.getUpc(), (int) h.getValidFrom().toEpochDay()))))
            .setCoder(
                KvCoder.of(VarIntCoder.of(), KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())));
    return KeyedPCollectionTuple.of(BOOKS, booksByShard)
        .and(VALID_FROM, validFromByShard)
        .apply("JoinHistory", CoGroupByKey.create())
        .apply("DeriveColumns", ParDo.of(new EnrichFn(dt)))
        .setCoder(AvroCoder.specific(EnrichedBook.class));
  }

  /**
   * Joins the books and history rows of one shard in memory (a shard holds a 32nd of the
   * catalogue), copies each book and adds the derived columns. History rows of books no longer
   * listed are dropped.
   */
  static final class EnrichFn extends DoFn<KV<Integer, CoGbkResult>, EnrichedBook> {
    private final LocalDate dt;
    private final Counter withoutHistory =
        Metrics.counter(FeaturesPipeline.METRICS, "books_without_history");

    EnrichFn(LocalDate dt) {
      this.dt = dt;
    }

    @ProcessElement
    public void processElement(
        @Element KV<Integer, CoGbkResult> shard, OutputReceiver<EnrichedBook> out) {
      Map<String, Integer> earliest = new HashMap<>();
      for (KV<String, Integer> validFrom : shard.getValue().getAll(VALID_FROM)) {
        earliest.merge(validFrom.getKey(), validFrom.getValue(), Math::min);
      }
      for (Book book : shard.getValue().getAll(BOOKS)) {
        Integer firstDay = earliest.get(book.getUpc());
        LocalDate firstSeen;
        if (firstDay == null) {
          // A book the history does not know yet is new today, not a reason to fail the run.
          withoutHistory.inc();
          firstSeen = dt;
        } else {
          firstSeen = LocalDate.ofEpochDay(firstDay);
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
