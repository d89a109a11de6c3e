package dev.bookslake.pipelines.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableFiles;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.common.StagePublication;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.pipelines.testing.LakeSql;
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
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The features stage end to end on a real lake under a temporary folder. Gold is built once on the
 * DirectRunner; each test then looks at it, or tries to break or rebuild it, in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeaturesPipelineIT {
  private static final LocalDate DT = LocalDate.parse("2026-01-10");
  private static final int BOOKS = 150;

  private Path root;
  private Lake lake;
  private List<Book> silver;
  private FeaturesPipeline.Summary summary;

  /** Silver as the clean stage leaves it, plus one book priced beyond the contract's range. */
  private List<Book> writeSilver(Lake lake, LocalDate dt) {
    List<Book> books = new ArrayList<>(SyntheticBooks.books(BOOKS, 7, dt));
    Book pricey =
        Book.newBuilder(books.get(0))
            .setUpc("ffffffffffffffff")
            .setSiteId(9999)
            .setPriceExclTax(new BigDecimal("123456.00"))
            .setPriceInclTax(new BigDecimal("123456.00"))
            .build();
    books.add(pricey);
    List<BookPriceStock> history = SyntheticBooks.history(books, 7, dt);
    PendingSnapshot booksPending = lake.begin(Tables.SILVER_BOOKS, dt, "clean-it");
    PendingSnapshot historyPending = lake.begin(Tables.SILVER_BOOK_HISTORY, dt, "clean-it");
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    p.apply("Books", Create.of(books).withCoder(AvroCoder.of(Book.class)))
        .apply(
            "WriteBooks",
            LakeIO.write(Book.class)
                .to(booksPending.directory().toString())
                .withTempDirectory(lake.tempPath("clean-it").toString()));
    p.apply("History", Create.of(history).withCoder(AvroCoder.of(BookPriceStock.class)))
        .apply(
            "WriteHistory",
            LakeIO.write(BookPriceStock.class)
                .to(historyPending.directory().toString())
                .withTempDirectory(lake.tempPath("clean-it").toString()));
    p.run().waitUntilFinish();
    LakeIO.commit(booksPending, Book.class, books.size());
    LakeIO.commit(historyPending, BookPriceStock.class, history.size());
    return books;
  }

  private FeaturesPipeline.Options options(LocalDate dt, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("--lake=" + root, "--runDate=" + dt, "--runId=features-it-" + dt));
    args.addAll(List.of(extra));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .withValidation()
        .as(FeaturesPipeline.Options.class);
  }

  static <T extends SpecificRecord> List<T> read(Snapshot snapshot, Class<T> type)
      throws IOException {
    return TableFiles.readAll(type, snapshot.files());
  }

  private static <T extends SpecificRecord> List<T> read(
      Lake lake, TableId table, LocalDate dt, Class<T> type) throws IOException {
    return read(lake.snapshot(table, dt).orElseThrow(), type);
  }

  @BeforeAll
  void buildGoldOnTheDirectRunner(@TempDir Path root) throws Exception {
    this.root = root;
    lake = Lake.at(root);
    silver = writeSilver(lake, DT);
    summary = FeaturesPipeline.run(options(DT));
  }

  @Test
  void publishesSevenConsistentGoldTables() throws Exception {
    assertThat(summary.toString())
        .startsWith("Built gold for dt=2026-01-10 in ")
        .contains(
            "151 books in ", "150 feature rows (1 books not vectorisable)", "150 training rows");
    assertThat(summary.tables()).hasSize(7);
    List<EnrichedBook> books = read(lake, Tables.GOLD_BOOKS, DT, EnrichedBook.class);
    List<CategorySummary> categories =
        read(lake, Tables.GOLD_CATEGORY_STATS, DT, CategorySummary.class);
    List<CatalogueOverview> overview =
        read(lake, Tables.GOLD_OVERVIEW, DT, CatalogueOverview.class);
    List<BookFeatureVector> features =
        read(lake, Tables.GOLD_FEATURES, DT, BookFeatureVector.class);
    List<TrainingExample> training =
        read(lake, Tables.GOLD_TRAINING_DATA, DT, TrainingExample.class);
    List<BookNeighbour> similar = read(lake, Tables.GOLD_SIMILAR_BOOKS, DT, BookNeighbour.class);

    assertThat(books)
        .extracting(EnrichedBook::getUpc)
        .containsExactlyInAnyOrderElementsOf(silver.stream().map(Book::getUpc).toList());
    assertThat(books).allSatisfy(b -> assertThat(b.getDaysSinceFirstSeen()).isBetween(0, 30));
    assertThat(categories.stream().mapToLong(CategorySummary::getBooks).sum())
        .as("category counts sum to books")
        .isEqualTo(silver.size());
    assertThat(categories)
        .allSatisfy(
            c ->
                assertThat(
                        c.getRating1()
                            + c.getRating2()
                            + c.getRating3()
                            + c.getRating4()
                            + c.getRating5())
                    .isEqualTo(c.getBooks()));
    assertThat(overview)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getBooks()).isEqualTo(silver.size());
              assertThat(o.getCategories()).isEqualTo(categories.size());
              assertThat(o.getMaxPrice()).isEqualByComparingTo("123456.00");
            });
    assertThat(features)
        .hasSize(BOOKS)
        .extracting(BookFeatureVector::getUpc)
        .doesNotContain("ffffffffffffffff");
    assertThat(features)
        .allSatisfy(
            f -> assertThat(f.getFeatureContractHash()).isEqualTo(FeatureContract.load().hash()));
    assertThat(training)
        .hasSize(BOOKS)
        .extracting(TrainingExample::getSplit)
        .containsOnly("train", "test");
    Map<String, List<BookNeighbour>> neighbours =
        similar.stream().collect(Collectors.groupingBy(BookNeighbour::getUpc));
    assertThat(neighbours).hasSize(silver.size());
    neighbours.forEach(
        (upc, list) ->
            assertThat(list)
                .hasSize(10)
                .allSatisfy(n -> assertThat(n.getNeighbourUpc()).isNotEqualTo(upc)));
    assertThat(lake.snapshot(Tables.GOLD_SIMILAR_BOOKS, DT).orElseThrow().rows())
        .isEqualTo(similar.size());
    List<BookSentiment> sentiment = read(lake, Tables.GOLD_BOOK_SENTIMENT, DT, BookSentiment.class);
    assertThat(sentiment)
        .as("one row per gold book")
        .extracting(BookSentiment::getUpc)
        .containsExactlyInAnyOrderElementsOf(books.stream().map(EnrichedBook::getUpc).toList());
    assertThat(sentiment)
        .allSatisfy(
            s -> {
              assertThat(s.getSentimentScore()).isBetween(-1.0, 1.0);
              assertThat(s.getSentimentLabel()).isIn("positive", "neutral", "negative");
            });
    assertThat(lake.snapshot(Tables.GOLD_BOOK_SENTIMENT, DT).orElseThrow().rows())
        .isEqualTo(books.size());
  }

  @Test
  void runsThatCannotCompleteLeaveGoldAsItWas() throws Exception {
    Map<TableId, String> versions = new HashMap<>();
    FeaturesPipeline.TABLES.forEach(
        o -> versions.put(o.table(), lake.snapshot(o.table(), DT).orElseThrow().version()));

    // A dt without silver fails before writing anything.
    assertThatThrownBy(() -> FeaturesPipeline.run(options(DT.plusDays(1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot build features for dt=2026-01-11: silver.books has no snapshot for it");
    // A dt whose silver is unreadable fails inside the pipeline; its pending versions are thrown
    // away.
    LocalDate broken = DT.plusDays(2);
    for (TableId table : List.of(Tables.SILVER_BOOKS, Tables.SILVER_BOOK_HISTORY)) {
      PendingSnapshot pending = lake.begin(table, broken, "clean-broken");
      Path file = pending.directory().resolve("part-00000-of-00001.parquet");
      if (table.equals(Tables.SILVER_BOOKS)) {
        TableFiles.write(Book.class, file, List.of());
      } else {
        TableFiles.write(BookPriceStock.class, file, List.of());
      }
      pending.commit(0);
      // Corrupted after its commit (a disk fault): readers of this partition fail.
      Files.writeString(file, "not parquet");
    }
    assertThatThrownBy(() -> FeaturesPipeline.run(options(broken)))
        .isInstanceOf(RuntimeException.class);

    for (StagePublication.Output output : FeaturesPipeline.TABLES) {
      TableId table = output.table();
      assertThat(lake.committedDates(table)).as(table.toString()).containsExactly(DT);
      assertThat(lake.snapshot(table, DT).orElseThrow().version()).isEqualTo(versions.get(table));
      assertThat(lake.current(table).orElseThrow().dt()).isEqualTo(DT);
      Path brokenPartition = lake.partitionPath(table, broken);
      assertThat(
              Files.exists(brokenPartition)
                  ? Files.list(brokenPartition).filter(Files::isDirectory).toList()
                  : List.of())
          .as("no version of %s left behind for the failed dt", table)
          .isEmpty();
    }
  }

  @Test
  void theFlinkRunnerRebuildsTheSameGold() throws Exception {
    Map<TableId, List<String>> direct = contents(lake);

    FeaturesPipeline.Summary flink =
        FeaturesPipeline.run(
            options(DT, "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));

    assertThat(contents(lake)).isEqualTo(direct);
    assertThat(
            List.of(
                flink.books(),
                flink.categories(),
                flink.featureRows(),
                flink.unvectorisable(),
                flink.trainRows(),
                flink.testRows(),
                flink.neighbourRows()))
        .as("the Flink run's counters")
        .isEqualTo(
            List.of(
                summary.books(),
                summary.categories(),
                summary.featureRows(),
                summary.unvectorisable(),
                summary.trainRows(),
                summary.testRows(),
                summary.neighbourRows()));
    assertThat(direct.get(Tables.GOLD_SIMILAR_BOOKS)).hasSize((BOOKS + 1) * 10);
    // Both versions are on disk now (the first stays for time travel until snapshot expiry); the
    // raw glob sees both, Iceberg's current snapshot only the second.
    assertThat(
            duckDbLong(
                "SELECT count(*) FROM read_parquet('"
                    + partition(lake, Tables.GOLD_BOOKS)
                    + "/*/*.parquet')"))
        .as("the raw glob also reads the previous version")
        .isEqualTo(2L * (BOOKS + 1));
    assertThat(
            ((Number) LakeSql.value(lake, "SELECT sum(books) FROM gold.category_stats"))
                .longValue())
        .isEqualTo(BOOKS + 1L);
  }

  private static Path partition(Lake lake, TableId table) {
    return lake.partitionPath(table, DT);
  }

  private static Map<TableId, List<String>> contents(Lake lake) throws IOException {
    Map<TableId, List<String>> contents = new HashMap<>();
    for (StagePublication.Output table : FeaturesPipeline.TABLES) {
      contents.put(
          table.table(),
          read(lake, table.table(), DT, table.type()).stream()
              .map(Object::toString)
              .sorted()
              .toList());
    }
    return contents;
  }

  private static long duckDbLong(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
