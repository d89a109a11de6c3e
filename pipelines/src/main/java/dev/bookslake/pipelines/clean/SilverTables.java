package dev.bookslake.pipelines.clean;

import dev.bookslake.schemas.bronze.Page;
import dev.bookslake.schemas.silver.BookPriceStock;
import dev.bookslake.schemas.silver.QualityCheck;
import java.time.LocalDate;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The silver tables of one {@code dt} from its bronze pages: {@link ValidatedBooks#BOOKS}, {@link
 * ValidatedBooks#QUARANTINE}, {@link #HISTORY} and {@link #QUALITY_REPORT}. This is the whole clean
 * stage minus the lake reads and writes, so tests can feed it in-memory pages.
 *
 * <pre>{@code
 * PCollectionTuple silver = bronzePages.apply("CleanPages",
 *     new SilverTables(previousHistory, LocalDate.parse("2026-01-02"), "clean-2026-01-02"));
 * PCollection<Book> books = silver.get(ValidatedBooks.BOOKS);
 * }</pre>
 */
public final class SilverTables extends PTransform<PCollection<Page>, PCollectionTuple> {
  public static final TupleTag<BookPriceStock> HISTORY = new TupleTag<>() {};
  public static final TupleTag<QualityCheck> QUALITY_REPORT = ValidatedBooks.REPORT;

  private final PCollection<BookPriceStock> previousHistory;
  private final LocalDate dt;
  private final String runId;

  /**
   * @param previousHistory the latest {@code silver.book_history} partition before {@code dt}
   * @param dt the logical date being cleaned
   * @param runId recorded on every row
   */
  public SilverTables(PCollection<BookPriceStock> previousHistory, LocalDate dt, String runId) {
    this.previousHistory = previousHistory;
    this.dt = dt;
    this.runId = runId;
  }

  @Override
  public PCollectionTuple expand(PCollection<Page> pages) {
    PCollection<ParsedPage> parsed = pages.apply("ParseProductPages", new ParsedProductPages());
    PCollectionTuple checked =
        parsed.apply("CheckQuality", new ValidatedBooks(dt.toString(), runId));
    PCollection<BookPriceStock> history =
        checked
            .get(ValidatedBooks.BOOKS)
            .apply(
                "TrackPriceAndStock",
                new BookHistory(previousHistory, checked.get(ValidatedBooks.QUARANTINE), dt));
    return checked.and(HISTORY, history);
  }
}
