package dev.bookslake.pipelines.clean;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.common.LakeOptions;
import dev.bookslake.pipelines.common.RunnerPipelines;
import dev.bookslake.pipelines.common.StagePublication;
import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.pipelines.common.UsageException;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.schemas.bronze.Page;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import dev.bookslake.schemas.silver.QualityCheck;
import dev.bookslake.schemas.silver.QuarantinedBook;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * The clean stage: turns one {@code dt} of {@code bronze.pages} into the silver tables {@code
 * books} (one valid row per book), {@code quarantine} (one row per product page and failed quality
 * rule), {@code book_history} (price and stock as a type-2 slowly changing dimension) and {@code
 * quality_report} (pages checked and failed per rule).
 *
 * <p>Every product page of the {@code dt} ends up in exactly one of books and quarantine. The four
 * tables are published only after the pipeline succeeded; a failed run aborts them all, leaving the
 * previous snapshots in force. Re-running a {@code dt} replaces its partitions with the same rows:
 * the history is computed from the previous {@code dt}'s partition, never from its own.
 *
 * <pre>
 * ./bookslake clean --lake lake/warehouse --run-date 2026-01-01 \
 *     [--shards 2] [--runner FlinkRunner --flink-master [local]]
 * </pre>
 */
public final class CleanPipeline {
  /** Metric namespace of the clean stage's counters. */
  public static final String METRICS = "bookslake.clean";

  /** The tables of the stage, in commit order, with their row types. */
  static final List<StagePublication.Output> TABLES =
      List.of(
          new StagePublication.Output(Tables.SILVER_BOOKS, Book.class),
          new StagePublication.Output(Tables.SILVER_QUARANTINE, QuarantinedBook.class),
          new StagePublication.Output(Tables.SILVER_BOOK_HISTORY, BookPriceStock.class),
          new StagePublication.Output(Tables.SILVER_QUALITY_REPORT, QualityCheck.class));

  private CleanPipeline() {}

  /** Options of the clean stage. */
  public interface Options extends LakeOptions {
    @Description(
        "Parquet files for silver.books and silver.book_history (quarantine and the report get one).")
    @Default.Integer(2)
    int getShards();

    void setShards(int value);
  }

  /**
   * What a clean run did, as printed at its end.
   *
   * @param dt the logical date cleaned
   * @param runId the run
   * @param productPages bronze product pages read
   * @param books rows written to silver.books
   * @param quarantinedPages product pages quarantined
   * @param quarantineRows rows written to silver.quarantine (one per page and failed rule)
   * @param historyRows rows written to silver.book_history
   * @param historyOpened intervals opened on {@code dt}
   * @param historyClosed intervals closed on {@code dt}
   * @param rules checked and failed pages per rule, in declaration order
   * @param seconds pipeline wall time
   * @param snapshots the committed snapshots, by table
   */
  public record Summary(
      LocalDate dt,
      String runId,
      long productPages,
      long books,
      long quarantinedPages,
      long quarantineRows,
      long historyRows,
      long historyOpened,
      long historyClosed,
      Map<String, RuleCount> rules,
      double seconds,
      Map<String, Snapshot> snapshots) {

    /** One rule's line of the summary. */
    public record RuleCount(long checked, long failed) {}

    @Override
    public String toString() {
      StringBuilder out =
          new StringBuilder(
              String.format(
                  "Cleaned %d product pages for dt=%s in %.1f s: %d books, %d quarantined (%d rule failures);"
                      + " history %d rows (%d opened, %d closed)%n",
                  productPages,
                  dt,
                  seconds,
                  books,
                  quarantinedPages,
                  quarantineRows,
                  historyRows,
                  historyOpened,
                  historyClosed));
      out.append(String.format("  %-22s %8s %8s%n", "rule", "checked", "failed"));
      rules.forEach(
          (rule, count) ->
              out.append(
                  String.format("  %-22s %8d %8d%n", rule, count.checked(), count.failed())));
      snapshots.forEach(
          (table, snapshot) ->
              out.append(String.format("  %-22s -> %s%n", table, snapshot.directory())));
      return out.toString().stripTrailing();
    }
  }

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    System.out.println(run(options));
  }

  /** Refuses option values the stage cannot run with (exit 2 from the command line). */
  public static void check(Options options) {
    if (options.getShards() < 1) {
      throw new UsageException("Cannot write silver with --shards below 1: " + options.getShards());
    }
  }

  /**
   * Cleans the run date's bronze pages and publishes the silver tables; throws if nothing could be
   * published.
   */
  public static Summary run(Options options) {
    Lake lake = Lake.open(options.getLake());
    LocalDate dt = StageRuns.runDate(options);
    check(options);
    Snapshot bronze =
        lake.snapshot(Tables.BRONZE_PAGES, dt)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot clean dt="
                            + dt
                            + ": "
                            + Tables.BRONZE_PAGES
                            + " has no snapshot for it"));
    long started = System.nanoTime();
    Stage stage = begin(options, lake);
    PipelineResult result =
        stage
            .publication()
            .run(
                () -> {
                  Pipeline pipeline = RunnerPipelines.create(options);
                  stage.expand(
                      pipeline.apply(
                          "ReadBronzePages", LakeIO.read(Page.class, bronze.fileNames())));
                  return pipeline;
                });
    return stage.publish(result, (System.nanoTime() - started) / 1e9);
  }

  /**
   * Begins a clean whose graph goes into a pipeline the caller runs, fed with the run date's bronze
   * pages: from the lake ({@link #run}) or straight from the crawl that publishes them ({@code
   * DataPath}). Then {@link Stage#expand}, run, and {@link Stage#publish}.
   */
  public static Stage begin(Options options, Lake lake) {
    check(options);
    LocalDate dt = StageRuns.runDate(options);
    String runId = StageRuns.runId(options, "clean");
    Optional<Snapshot> previousHistory = previousHistory(lake, dt);
    return new Stage(
        options, lake, dt, runId, previousHistory, StagePublication.begin(lake, dt, runId, TABLES));
  }

  /** A clean begun: silver pending until {@link #publish}. */
  public static final class Stage {
    private final Options options;
    private final Lake lake;
    private final LocalDate dt;
    private final String runId;
    private final Optional<Snapshot> previousHistory;
    private final StagePublication publication;

    private Stage(
        Options options,
        Lake lake,
        LocalDate dt,
        String runId,
        Optional<Snapshot> previousHistory,
        StagePublication publication) {
      this.options = options;
      this.lake = lake;
      this.dt = dt;
      this.runId = runId;
      this.previousHistory = previousHistory;
      this.publication = publication;
    }

    /** The silver tables being written. */
    public StagePublication publication() {
      return publication;
    }

    /** Adds the cleaning of {@code pages} (every bronze page of the run date) to their pipeline. */
    public void expand(PCollection<Page> pages) {
      buildGraph(
          pages,
          options,
          lake,
          previousHistory,
          dt,
          runId,
          publication.pending(Tables.SILVER_BOOKS),
          publication.pending(Tables.SILVER_QUARANTINE),
          publication.pending(Tables.SILVER_BOOK_HISTORY),
          publication.pending(Tables.SILVER_QUALITY_REPORT));
    }

    /**
     * Commits silver with the rows and counters of the pipeline.
     *
     * @param seconds the pipeline's wall time, for the summary
     */
    public Summary publish(PipelineResult result, double seconds) {
      Map<String, Snapshot> committed = new LinkedHashMap<>();
      publication
          .commit(result, METRICS)
          .forEach((table, snapshot) -> committed.put(table.toString(), snapshot));
      Map<String, Summary.RuleCount> rules = new LinkedHashMap<>();
      for (QualityRule rule : QualityRules.ALL) {
        rules.put(
            rule.name(),
            new Summary.RuleCount(
                StageRuns.counter(result, METRICS, "checked/" + rule.name()),
                StageRuns.counter(result, METRICS, "failed/" + rule.name())));
      }
      return new Summary(
          dt,
          runId,
          StageRuns.counter(result, METRICS, "product_pages"),
          StageRuns.rowsWritten(result, Tables.SILVER_BOOKS.toString()),
          StageRuns.counter(result, METRICS, "quarantined_pages"),
          StageRuns.rowsWritten(result, Tables.SILVER_QUARANTINE.toString()),
          StageRuns.rowsWritten(result, Tables.SILVER_BOOK_HISTORY.toString()),
          StageRuns.counter(result, METRICS, "history_opened"),
          StageRuns.counter(result, METRICS, "history_closed"),
          rules,
          seconds,
          committed);
    }
  }

  /**
   * The latest committed history partition strictly before {@code dt}: this run's only history
   * input.
   */
  static Optional<Snapshot> previousHistory(Lake lake, LocalDate dt) {
    List<LocalDate> dates = lake.committedDates(Tables.SILVER_BOOK_HISTORY);
    for (int i = dates.size() - 1; i >= 0; i--) {
      if (dates.get(i).isBefore(dt)) {
        return lake.snapshot(Tables.SILVER_BOOK_HISTORY, dates.get(i));
      }
    }
    return Optional.empty();
  }

  static void buildGraph(
      PCollection<Page> pages,
      Options options,
      Lake lake,
      Optional<Snapshot> previousHistory,
      LocalDate dt,
      String runId,
      PendingSnapshot books,
      PendingSnapshot quarantine,
      PendingSnapshot history,
      PendingSnapshot report) {
    Pipeline pipeline = pages.getPipeline();
    String temp = lake.tempPath(runId).toString();
    PCollection<BookPriceStock> previous =
        previousHistory.isPresent() && !previousHistory.get().files().isEmpty()
            ? pipeline.apply(
                "ReadPreviousHistory",
                LakeIO.read(BookPriceStock.class, previousHistory.get().fileNames()))
            : pipeline.apply("NoPreviousHistory", Create.empty(AvroCoder.of(BookPriceStock.class)));
    PCollectionTuple silver = pages.apply("CleanPages", new SilverTables(previous, dt, runId));
    silver
        .get(ValidatedBooks.BOOKS)
        .apply("WriteBooks", write(Book.class, books, temp, options.getShards()));
    silver
        .get(ValidatedBooks.QUARANTINE)
        .apply("WriteQuarantine", write(QuarantinedBook.class, quarantine, temp, 1));
    silver
        .get(SilverTables.HISTORY)
        .apply("WriteBookHistory", write(BookPriceStock.class, history, temp, options.getShards()));
    silver
        .get(SilverTables.QUALITY_REPORT)
        .apply("WriteQualityReport", write(QualityCheck.class, report, temp, 1));
  }

  private static <T extends SpecificRecord> LakeIO.Write<T> write(
      Class<T> type, PendingSnapshot pending, String temp, int shards) {
    return LakeIO.write(type)
        .to(pending.directory().toString())
        .withTempDirectory(temp)
        .withNumShards(shards)
        .withRowCounter(pending.table().toString());
  }
}
