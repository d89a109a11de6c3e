package dev.bookslake.lake;

import dev.bookslake.schemas.bronze.FetchError;
import dev.bookslake.schemas.bronze.Page;
import dev.bookslake.schemas.gold.BookFeatureVector;
import dev.bookslake.schemas.gold.BookNeighbour;
import dev.bookslake.schemas.gold.BookPrediction;
import dev.bookslake.schemas.gold.BookSentiment;
import dev.bookslake.schemas.gold.CatalogueOverview;
import dev.bookslake.schemas.gold.CategorySummary;
import dev.bookslake.schemas.gold.EnrichedBook;
import dev.bookslake.schemas.gold.FeatureDriftRow;
import dev.bookslake.schemas.gold.PredictionError;
import dev.bookslake.schemas.gold.TrainingExample;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import dev.bookslake.schemas.silver.QualityCheck;
import dev.bookslake.schemas.silver.QuarantinedBook;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/** The tables of the lake, by the name analysts and pipelines use. */
public final class Tables {
  /** Every page fetched by the scrape stage, one row per URL per {@code dt}. */
  public static final TableId BRONZE_PAGES = TableId.of(Layer.BRONZE, "pages");

  /** Every fetch that failed after its retries, one row per URL per {@code dt}. */
  public static final TableId BRONZE_FETCH_ERRORS = TableId.of(Layer.BRONZE, "fetch_errors");

  /** One clean row per book per {@code dt}. */
  public static final TableId SILVER_BOOKS = TableId.of(Layer.SILVER, "books");

  /** Product pages that failed a quality rule, with the rule and reason. */
  public static final TableId SILVER_QUARANTINE = TableId.of(Layer.SILVER, "quarantine");

  /** Price and stock as a slowly changing dimension. */
  public static final TableId SILVER_BOOK_HISTORY = TableId.of(Layer.SILVER, "book_history");

  /** Per quality rule and {@code dt}: product pages checked and failed. */
  public static final TableId SILVER_QUALITY_REPORT = TableId.of(Layer.SILVER, "quality_report");

  /** Every silver book of a {@code dt} with derived columns (price band, lengths, first seen). */
  public static final TableId GOLD_BOOKS = TableId.of(Layer.GOLD, "books");

  /** Counts, exact price statistics and rating distribution per category. */
  public static final TableId GOLD_CATEGORY_STATS = TableId.of(Layer.GOLD, "category_stats");

  /** One row summarising the catalogue. */
  public static final TableId GOLD_OVERVIEW = TableId.of(Layer.GOLD, "overview");

  /** One feature vector per book, one column per feature of the feature contract. */
  public static final TableId GOLD_FEATURES = TableId.of(Layer.GOLD, "features");

  /** Features plus true targets and a deterministic train/test split. */
  public static final TableId GOLD_TRAINING_DATA = TableId.of(Layer.GOLD, "training_data");

  /** Up to 10 most similar books per book. */
  public static final TableId GOLD_SIMILAR_BOOKS = TableId.of(Layer.GOLD, "similar_books");

  /** The sentiment of each book's description (VADER): score, label and proportions. */
  public static final TableId GOLD_BOOK_SENTIMENT = TableId.of(Layer.GOLD, "book_sentiment");

  /** Batch predictions of the production models for every book of a {@code dt}. */
  public static final TableId GOLD_PREDICTIONS = TableId.of(Layer.GOLD, "predictions");

  /**
   * Books of a {@code dt} a production model could not score, with the reason (predict's dead
   * letters).
   */
  public static final TableId GOLD_PREDICTION_ERRORS = TableId.of(Layer.GOLD, "prediction_errors");

  /** Per production model and feature: drift of current inputs from training data. */
  public static final TableId GOLD_DRIFT_REPORT = TableId.of(Layer.GOLD, "drift_report");

  private static final Comparator<TableId> LAKE_ORDER =
      Comparator.comparing(TableId::layer).thenComparing(TableId::name);

  /**
   * Every table of the lake, in layer then name order. Listed apart from the schemas, which stay
   * unparsed until asked for: a one-off {@code ./bookslake query} names tables but reads no schema,
   * and parsing all sixteen took a tenth of a second of its start.
   */
  public static final List<TableId> ALL =
      Stream.of(
              BRONZE_PAGES,
              BRONZE_FETCH_ERRORS,
              SILVER_BOOKS,
              SILVER_QUARANTINE,
              SILVER_BOOK_HISTORY,
              SILVER_QUALITY_REPORT,
              GOLD_BOOKS,
              GOLD_CATEGORY_STATS,
              GOLD_OVERVIEW,
              GOLD_FEATURES,
              GOLD_TRAINING_DATA,
              GOLD_SIMILAR_BOOKS,
              GOLD_BOOK_SENTIMENT,
              GOLD_PREDICTIONS,
              GOLD_PREDICTION_ERRORS,
              GOLD_DRIFT_REPORT)
          .sorted(LAKE_ORDER)
          .toList();

  private static final Set<TableId> KNOWN = Set.copyOf(ALL);

  private Tables() {}

  /**
   * The Avro schema of a table: the contract in {@code schemas/}, from which the table's Iceberg
   * schema is derived.
   */
  public static Schema schema(TableId table) {
    Schema schema = Schemas.BY_TABLE.get(table);
    if (schema == null) {
      throw new LakeException("Cannot find schema of table: " + table);
    }
    return schema;
  }

  /** Whether the table is one of the lake's ({@link #ALL}). */
  public static boolean isKnown(TableId table) {
    return KNOWN.contains(table);
  }

  /** The schemas, parsed on first use (the holder idiom). */
  private static final class Schemas {
    static final Map<TableId, Schema> BY_TABLE = schemas();
  }

  private static Map<TableId, Schema> schemas() {
    Map<TableId, Schema> schemas = new TreeMap<>(LAKE_ORDER);
    schemas.put(BRONZE_PAGES, Page.getClassSchema());
    schemas.put(BRONZE_FETCH_ERRORS, FetchError.getClassSchema());
    schemas.put(SILVER_BOOKS, Book.getClassSchema());
    schemas.put(SILVER_QUARANTINE, QuarantinedBook.getClassSchema());
    schemas.put(SILVER_BOOK_HISTORY, BookPriceStock.getClassSchema());
    schemas.put(SILVER_QUALITY_REPORT, QualityCheck.getClassSchema());
    schemas.put(GOLD_BOOKS, EnrichedBook.getClassSchema());
    schemas.put(GOLD_CATEGORY_STATS, CategorySummary.getClassSchema());
    schemas.put(GOLD_OVERVIEW, CatalogueOverview.getClassSchema());
    schemas.put(GOLD_FEATURES, BookFeatureVector.getClassSchema());
    schemas.put(GOLD_TRAINING_DATA, TrainingExample.getClassSchema());
    schemas.put(GOLD_SIMILAR_BOOKS, BookNeighbour.getClassSchema());
    schemas.put(GOLD_BOOK_SENTIMENT, BookSentiment.getClassSchema());
    schemas.put(GOLD_PREDICTIONS, BookPrediction.getClassSchema());
    schemas.put(GOLD_PREDICTION_ERRORS, PredictionError.getClassSchema());
    schemas.put(GOLD_DRIFT_REPORT, FeatureDriftRow.getClassSchema());
    return Collections.unmodifiableMap(new LinkedHashMap<>(schemas));
  }
}
