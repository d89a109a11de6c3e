package dev.bookslake.pipelines.clean;

import dev.bookslake.pipelines.clean.internal.HistoryIntervals;
import dev.bookslake.pipelines.clean.internal.UpcBuckets;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import dev.bookslake.schemas.silver.QuarantinedBook;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The {@code silver.book_history} partition for {@code dt}: price and stock per UPC as a type-2
 * slowly changing dimension, computed from the previous partition's rows and {@code dt}'s books
 * (never from {@code dt}'s own earlier output, so a re-run or backfill gives the same rows).
 *
 * <ul>
 *   <li>an open interval whose values are unchanged is kept as it is;
 *   <li>a change closes it ({@code valid_to = dt}) and opens a new one ({@code valid_from = dt});
 *   <li>a new UPC opens an interval; a UPC gone from the shop is closed at {@code dt};
 *   <li>a UPC whose page was quarantined on {@code dt} keeps its open interval: the book is still
 *       listed, only its values are unknown, and closing it would record a false disappearance;
 *   <li>closed intervals carry over unchanged. Every row's {@code dt} is the partition's.
 * </ul>
 *
 * <pre>{@code
 * PCollection<BookPriceStock> history =
 *     books.apply("TrackPriceAndStock", new BookHistory(previousHistory, quarantine, LocalDate.parse("2026-01-02")));
 * }</pre>
 */
public final class BookHistory extends PTransform<PCollection<Book>, PCollection<BookPriceStock>> {
  // Static: a tag made inside expand() would capture this transform, PCollections and all, and
  // the join's coder could not be serialized.
  private static final TupleTag<Book> TODAY = new TupleTag<>() {};
  private static final TupleTag<BookPriceStock> BEFORE = new TupleTag<>() {};
  private static final TupleTag<String> HELD = new TupleTag<>() {};

  private final PCollection<BookPriceStock> previous;
  private final PCollection<QuarantinedBook> quarantine;
  private final LocalDate dt;

  /**
   * @param previous every row of the latest history partition before {@code dt} (empty on the first
   *     day)
   * @param quarantine {@code dt}'s quarantine rows, whose UPCs keep their open intervals
   * @param dt the partition being computed
   */
  public BookHistory(
      PCollection<BookPriceStock> previous, PCollection<QuarantinedBook> quarantine, LocalDate dt) {
    this.previous = previous;
    this.quarantine = quarantine;
    this.dt = dt;
  }

  @Override
  public PCollection<BookPriceStock> expand(PCollection<Book> books) {
    return KeyedPCollectionTuple.of(
            TODAY,
            books.apply(
                "KeyBooksByUpcBucket",
                WithKeys.of((Book b) -> UpcBuckets.of(b.getUpc()))
                    .withKeyType(TypeDescriptors.integers())))
        .and(
            BEFORE,
            previous.apply(
                "KeyHistoryByUpcBucket",
                WithKeys.of((BookPriceStock h) -> UpcBuckets.of(h.getUpc()))
                    .withKeyType(TypeDescriptors.integers())))
        .and(
            HELD,
            quarantine
                .apply("KeepKnownUpcs", Filter.by((QuarantinedBook q) -> q.getUpc() != null))
                .apply(
                    "KeyQuarantinedUpcByBucket",
                    MapElements.into(
                            TypeDescriptors.kvs(
                                TypeDescriptors.integers(), TypeDescriptors.strings()))
                        .via((QuarantinedBook q) -> KV.of(UpcBuckets.of(q.getUpc()), q.getUpc()))))
        .apply("JoinByUpcBucket", CoGroupByKey.create())
        .apply("AdvanceIntervals", ParDo.of(new AdvanceFn(TODAY, BEFORE, HELD, dt)))
        .setCoder(AvroCoder.of(BookPriceStock.class));
  }

  static final class AdvanceFn extends DoFn<KV<Integer, CoGbkResult>, BookPriceStock> {
    private final TupleTag<Book> today;
    private final TupleTag<BookPriceStock> before;
    private final TupleTag<String> held;
    private final LocalDate dt;
    private final Counter opened = Metrics.counter(CleanPipeline.METRICS, "history_opened");
    private final Counter closed = Metrics.counter(CleanPipeline.METRICS, "history_closed");
    private final Counter kept =
        Metrics.counter(CleanPipeline.METRICS, "history_kept_while_quarantined");

    AdvanceFn(
        TupleTag<Book> today,
        TupleTag<BookPriceStock> before,
        TupleTag<String> held,
        LocalDate dt) {
      this.today = today;
      this.before = before;
      this.held = held;
      this.dt = dt;
    }

    @ProcessElement
    public void processElement(
        @Element KV<Integer, CoGbkResult> bucket, OutputReceiver<BookPriceStock> out) {
      CoGbkResult result = bucket.getValue();
      Map<String, Book> books = new HashMap<>();
      for (Book book : result.getAll(today)) {
        if (books.put(book.getUpc(), book) != null) {
          // upc_unique quarantines every page sharing a UPC, so this is a bug, not bad data.
          throw new IllegalStateException(
              "Cannot track history of upc, it has two books: " + book.getUpc());
        }
      }
      Map<String, List<BookPriceStock>> previousRows = new HashMap<>();
      for (BookPriceStock row : result.getAll(before)) {
        previousRows.computeIfAbsent(row.getUpc(), k -> new ArrayList<>()).add(row);
      }
      Set<String> quarantined = new HashSet<>();
      result.getAll(held).forEach(quarantined::add);

      Set<String> upcs = new TreeSet<>(books.keySet());
      upcs.addAll(previousRows.keySet());
      for (String upc : upcs) {
        HistoryIntervals.Advance advance =
            HistoryIntervals.advance(
                previousRows.getOrDefault(upc, List.of()),
                books.get(upc),
                quarantined.contains(upc),
                dt);
        opened.inc(advance.opened());
        closed.inc(advance.closed());
        kept.inc(advance.heldOpen());
        advance.rows().forEach(out::output);
      }
    }
  }
}
