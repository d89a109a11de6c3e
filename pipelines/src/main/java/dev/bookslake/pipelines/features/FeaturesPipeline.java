package dev.bookslake.pipelines.features;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.common.LakeOptions;
import dev.bookslake.pipelines.common.RunnerPipelines;
import dev.bookslake.pipelines.common.StagePublication;
import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.pipelines.common.UsageException;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.gold.BookFeatureVector;
import dev.bookslake.schemas.gold.BookNeighbour;
import dev.bookslake.schemas.gold.BookSentiment;
import dev.bookslake.schemas.gold.CatalogueOverview;
import dev.bookslake.schemas.gold.CategorySummary;
import dev.bookslake.schemas.gold.EnrichedBook;
import dev.bookslake.schemas.gold.TrainingExample;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.PCollection;

/**
 * The features stage: reads {@code silver.books} and {@code silver.book_history} of one {@code dt}
 * and publishes seven gold tables for it: {@code gold.books} (enriched books), {@code
 * gold.category_stats}, {@code gold.overview}, {@code gold.features} (one column per feature of the
 * feature contract), {@code gold.training_data} (features, targets and a stable train/test split),
 * {@code gold.similar_books} (top 10 neighbours per book) and {@code gold.book_sentiment} (the
 * sentiment of each book's description).
 *
 * <p>All seven are committed only after the pipeline succeeds, each atomically; a failed run leaves
 * every earlier gold snapshot as it was, and re-running a {@code dt} replaces it. A book whose
 * values break the feature contract is counted and reported, not a failure.
 *
 * <p>The DirectRunner's immutability and encodability checks cost several times the work itself on
 * large catalogues (similar books for 100k books: minutes more; see docs/features.md): for big
 * local runs pass {@code --enforce-immutability false --enforce-encodability false}, or run on
 * Flink.
 *
 * <pre>
 * ./bookslake features --lake lake/warehouse --run-date 2026-01-01 [--shards 2] [--similar-candidates 200] \
 *     [--runner FlinkRunner --flink-master [local]]
 * </pre>
 */
public final class FeaturesPipeline {
  /** Metric namespace of the stage's counters. */
  public static final String METRICS = "bookslake.features";

  private FeaturesPipeline() {}

  /** Options of the features stage. */
  public interface Options extends LakeOptions {
    @Description(
        "Parquet files per large gold table (books, features, training_data, similar_books); "
            + "category_stats, overview and book_sentiment are always one file.")
    @Default.Integer(2)
    int getShards();

    void setShards(int value);

    @Description(
        "Books each book is scored against per block (category, price band) when searching similar "
            + "books; blocks up to this size + 1 are searched exactly. At least 10.")
    @Default.Integer(SimilarBooks.DEFAULT_CANDIDATES)
    int getSimilarCandidates();

    void setSimilarCandidates(int value);
  }

  /** What a features run did, as printed at its end. */
  public record Summary(
      LocalDate dt,
      String runId,
      long books,
      long categories,
      long featureRows,
      long unvectorisable,
      long trainRows,
      long testRows,
      long neighbourRows,
      String contractHash,
      double seconds,
      Map<TableId, Snapshot> tables) {

    public Summary {
      tables = Map.copyOf(tables);
    }

    @Override
    public String toString() {
      StringBuilder text =
          new StringBuilder(
              String.format(
                  "Built gold for dt=%s in %.1f s: %d books in %d categories, %d feature rows (%d books not vectorisable),"
                      + " %d training rows (%d train, %d test), %d similar-book rows; feature contract %s",
                  dt,
                  seconds,
                  books,
                  categories,
                  featureRows,
                  unvectorisable,
                  trainRows + testRows,
                  trainRows,
                  testRows,
                  neighbourRows,
                  contractHash.substring(0, 12)));
      for (StagePublication.Output output : TABLES) {
        TableId table = output.table();
        text.append(String.format("%n  %-19s -> %s", table, tables.get(table).directory()));
      }
      return text.toString();
    }
  }

  /**
   * The tables of the stage, in commit order, with their row types. {@code gold.books} comes last:
   * the API follows its current pointer, so when it moves the other tables of that dt are there.
   */
  static final List<StagePublication.Output> TABLES =
      List.of(
          new StagePublication.Output(Tables.GOLD_CATEGORY_STATS, CategorySummary.class),
          new StagePublication.Output(Tables.GOLD_OVERVIEW, CatalogueOverview.class),
          new StagePublication.Output(Tables.GOLD_FEATURES, BookFeatureVector.class),
          new StagePublication.Output(Tables.GOLD_TRAINING_DATA, TrainingExample.class),
          new StagePublication.Output(Tables.GOLD_SIMILAR_BOOKS, BookNeighbour.class),
          new StagePublication.Output(Tables.GOLD_BOOK_SENTIMENT, BookSentiment.class),
          new StagePublication.Output(Tables.GOLD_BOOKS, EnrichedBook.class));

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    System.out.println(run(options));
  }

  /** Refuses option values the stage cannot run with (exit 2 from the command line). */
  public static void check(Options options) {
    if (options.getShards() < 1) {
      throw new UsageException("Cannot write gold with --shards below 1: " + options.getShards());
    }
    if (options.getSimilarCandidates() < SimilarBooks.NEIGHBOURS) {
      throw new UsageException(
          "Cannot search similar books with fewer than "
              + SimilarBooks.NEIGHBOURS
              + " candidates: "
              + options.getSimilarCandidates());
    }
  }

  /**
   * Builds and publishes gold for the run date.
   *
   * @throws IllegalStateException when silver has no snapshot for the run date, or the pipeline
   *     fails
   */
  public static Summary run(Options options) {
    check(options);
    LocalDate dt = StageRuns.runDate(options);
    SimilarBooks similarBooks = new SimilarBooks(dt).withCandidates(options.getSimilarCandidates());
    Lake lake = Lake.open(options.getLake());
    Snapshot books = silver(lake, Tables.SILVER_BOOKS, dt);
    Snapshot history = silver(lake, Tables.SILVER_BOOK_HISTORY, dt);
    String runId = StageRuns.runId(options, "features");
    FeatureContract contract = FeatureContract.load();

    long started = System.nanoTime();
    StagePublication publication = StagePublication.begin(lake, dt, runId, TABLES);
    PipelineResult result =
        publication.run(
            () -> {
              Pipeline pipeline = RunnerPipelines.create(options);
              buildGraph(
                  pipeline,
                  books,
                  history,
                  dt,
                  contract,
                  similarBooks,
                  publication::pending,
                  publication.tempDirectory(),
                  options.getShards());
              return pipeline;
            });
    double seconds = (System.nanoTime() - started) / 1e9;

    Map<TableId, Snapshot> committed = publication.commit(result);
    return new Summary(
        dt,
        runId,
        StageRuns.rowsWritten(result, Tables.GOLD_BOOKS.toString()),
        StageRuns.rowsWritten(result, Tables.GOLD_CATEGORY_STATS.toString()),
        StageRuns.rowsWritten(result, Tables.GOLD_FEATURES.toString()),
        StageRuns.counter(result, METRICS, BookFeatures.UNVECTORISABLE),
        StageRuns.counter(result, METRICS, TrainingData.TRAIN_ROWS),
        StageRuns.counter(result, METRICS, TrainingData.TEST_ROWS),
        StageRuns.rowsWritten(result, Tables.GOLD_SIMILAR_BOOKS.toString()),
        contract.hash(),
        seconds,
        committed);
  }

  private static Snapshot silver(Lake lake, TableId table, LocalDate dt) {
    return lake.snapshot(table, dt)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Cannot build features for dt="
                        + dt
                        + ": "
                        + table
                        + " has no snapshot for it"));
  }

  static void buildGraph(
      Pipeline pipeline,
      Snapshot booksSnapshot,
      Snapshot historySnapshot,
      LocalDate dt,
      FeatureContract contract,
      SimilarBooks similarBooks,
      Function<TableId, PendingSnapshot> pending,
      String temp,
      int shards) {
    PCollection<Book> books =
        pipeline.apply("ReadSilverBooks", LakeIO.read(Book.class, booksSnapshot.fileNames()));
    PCollection<BookPriceStock> history =
        pipeline.apply(
            "ReadSilverHistory", LakeIO.read(BookPriceStock.class, historySnapshot.fileNames()));

    PCollection<EnrichedBook> gold = books.apply("EnrichBooks", new EnrichedBooks(history, dt));
    gold.apply(
        "WriteGoldBooks",
        write(EnrichedBook.class, pending.apply(Tables.GOLD_BOOKS), temp, shards));
    gold.apply("SummariseCategories", new CategoryStats(dt))
        .apply(
            "WriteCategoryStats",
            write(CategorySummary.class, pending.apply(Tables.GOLD_CATEGORY_STATS), temp, 1));
    gold.apply("SummariseCatalogue", new Overview(dt))
        .apply(
            "WriteOverview",
            write(CatalogueOverview.class, pending.apply(Tables.GOLD_OVERVIEW), temp, 1));
    gold.apply("VectoriseBooks", new BookFeatures(contract))
        .apply(
            "WriteFeatures",
            write(BookFeatureVector.class, pending.apply(Tables.GOLD_FEATURES), temp, shards));
    gold.apply("BuildTrainingData", new TrainingData(contract))
        .apply(
            "WriteTrainingData",
            write(TrainingExample.class, pending.apply(Tables.GOLD_TRAINING_DATA), temp, shards));
    gold.apply("FindSimilarBooks", similarBooks)
        .apply(
            "WriteSimilarBooks",
            write(BookNeighbour.class, pending.apply(Tables.GOLD_SIMILAR_BOOKS), temp, shards));
    gold.apply("ScoreSentiment", new BookSentiments())
        .apply(
            "WriteBookSentiment",
            write(BookSentiment.class, pending.apply(Tables.GOLD_BOOK_SENTIMENT), temp, 1));
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
