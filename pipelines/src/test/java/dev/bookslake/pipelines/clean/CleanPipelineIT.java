package dev.bookslake.pipelines.clean;

import static dev.bookslake.pipelines.clean.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableFiles;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.schemas.bronze.Page;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import dev.bookslake.schemas.silver.QualityCheck;
import dev.bookslake.schemas.silver.QuarantinedBook;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clean stage end to end on a real lake folder: bronze in, four silver tables committed. */
class CleanPipelineIT {
  private static final LocalDate DAY0 = LocalDate.parse("2026-01-01");
  private static final LocalDate DAY1 = LocalDate.parse("2026-01-02");
  private static final LocalDate DAY2 = LocalDate.parse("2026-01-03");
  private static final String HIMALAYAS = "a22124811bfa8350";
  private static final String BLACK_MARIA = "3b1c02bac2a429e6";
  private static final List<TableId> SILVER =
      List.of(
          Tables.SILVER_BOOKS,
          Tables.SILVER_QUARANTINE,
          Tables.SILVER_BOOK_HISTORY,
          Tables.SILVER_QUALITY_REPORT);

  @TempDir Path root;

  static List<Page> day0() {
    String dt = DAY0.toString();
    return List.of(
        page(SITE + "index.html", "home", 200, "<html><body>home</body></html>", dt),
        product(TYPICAL_URL, html(TYPICAL), dt),
        product(NO_DESCRIPTION_URL, html(NO_DESCRIPTION), dt),
        product(OUT_OF_STOCK_URL, html(OUT_OF_STOCK), dt),
        product(TAXED_URL, html(TAXED), dt),
        product(RECENTLY_VIEWED_URL, html(RECENTLY_VIEWED), dt),
        product(RATING_ZERO_URL, html(RATING_ZERO), dt));
  }

  /**
   * The Himalayas get dearer, The Black Maria leaves the shop, the rest is served unchanged (304).
   */
  static List<Page> day1() {
    String dt = DAY1.toString();
    return List.of(
        page(SITE + "index.html", "home", 200, "<html><body>home</body></html>", dt),
        product(TYPICAL_URL, html(TYPICAL).replace("£45.17", "£47.00"), dt),
        page(NO_DESCRIPTION_URL, "product", 304, html(NO_DESCRIPTION), dt),
        page(TAXED_URL, "product", 304, html(TAXED), dt),
        page(RECENTLY_VIEWED_URL, "product", 304, html(RECENTLY_VIEWED), dt),
        page(RATING_ZERO_URL, "product", 304, html(RATING_ZERO), dt));
  }

  @Test
  void cleansTwoDaysAndKeepsEveryPublishedVersionReadable() throws IOException {
    Lake lake = Lake.at(root);
    writeBronze(lake, DAY0, day0());
    writeBronze(lake, DAY1, day1());

    CleanPipeline.Summary first = CleanPipeline.run(options(DAY0, "clean-day0"));

    assertThat(first.toString())
        .startsWith("Cleaned 6 product pages for dt=2026-01-01 in ")
        .contains(
            ": 5 books, 1 quarantined (1 rule failures); history 5 rows (5 opened, 0 closed)");
    assertThat(first.rules().get("rating_range"))
        .isEqualTo(new CleanPipeline.Summary.RuleCount(6, 1));
    assertThat(first.rules().get("upc_unique"))
        .isEqualTo(new CleanPipeline.Summary.RuleCount(6, 0));
    List<Book> books0 = read(Book.class, lake.snapshot(Tables.SILVER_BOOKS, DAY0).orElseThrow());
    assertThat(books0)
        .extracting(Book::getUpc)
        .containsExactlyInAnyOrder(
            HIMALAYAS, "cd2a2a70dd5d176d", BLACK_MARIA, "90fa61229261140a", "a897fe39b1053632");
    assertThat(books0).allSatisfy(b -> assertThat(b.getRunId()).isEqualTo("clean-day0"));
    List<QuarantinedBook> quarantine0 =
        read(QuarantinedBook.class, lake.snapshot(Tables.SILVER_QUARANTINE, DAY0).orElseThrow());
    assertThat(quarantine0)
        .extracting(QuarantinedBook::getRule, QuarantinedBook::getProductUrl)
        .containsExactly(tuple("rating_range", RATING_ZERO_URL));
    List<QualityCheck> report0 =
        read(QualityCheck.class, lake.snapshot(Tables.SILVER_QUALITY_REPORT, DAY0).orElseThrow());
    assertThat(
            report0.stream()
                .collect(
                    Collectors.toMap(
                        QualityCheck::getRule,
                        c -> new CleanPipeline.Summary.RuleCount(c.getChecked(), c.getFailed()))))
        .as("the printed summary matches the published report")
        .isEqualTo(first.rules());
    List<BookPriceStock> history0 =
        read(BookPriceStock.class, lake.snapshot(Tables.SILVER_BOOK_HISTORY, DAY0).orElseThrow());
    assertThat(history0)
        .hasSize(5)
        .allSatisfy(
            h -> {
              assertThat(h.getValidFrom()).isEqualTo(DAY0);
              assertThat(h.getIsCurrent()).isTrue();
            });

    CleanPipeline.Summary second = CleanPipeline.run(options(DAY1, "clean-day1"));

    assertThat(second.toString())
        .contains(
            "Cleaned 5 product pages for dt=2026-01-02",
            "4 books, 1 quarantined",
            "history 6 rows (1 opened, 2 closed)");
    assertThat(
            priceOf(HIMALAYAS, read(Book.class, lake.current(Tables.SILVER_BOOKS).orElseThrow())))
        .isEqualByComparingTo("47.00");
    assertThat(
            priceOf(
                HIMALAYAS,
                read(Book.class, lake.snapshot(Tables.SILVER_BOOKS, DAY0).orElseThrow())))
        .as("--as-of day 0 still reads day 0's values")
        .isEqualByComparingTo("45.17");
    assertThat(
            priceOf(
                HIMALAYAS, read(Book.class, lake.asOf(Tables.SILVER_BOOKS, DAY0).orElseThrow())))
        .isEqualByComparingTo("45.17");
    List<BookPriceStock> history1 =
        read(BookPriceStock.class, lake.current(Tables.SILVER_BOOK_HISTORY).orElseThrow());
    assertThat(intervals(history1, HIMALAYAS))
        .containsExactly("45.17 2026-01-01..2026-01-02 false", "47.00 2026-01-02..null true");
    assertThat(intervals(history1, BLACK_MARIA))
        .containsExactly("52.15 2026-01-01..2026-01-02 false");
    assertThat(history1)
        .hasSize(6)
        .allSatisfy(h -> assertThat(h.getDt()).isEqualTo(DAY1.toString()));

    // A retry of day 1 reads day 0's history, not its own: the same rows come out.
    CleanPipeline.run(options(DAY1, "clean-day1-retry"));
    assertThat(
            sorted(
                read(BookPriceStock.class, lake.current(Tables.SILVER_BOOK_HISTORY).orElseThrow())))
        .isEqualTo(sorted(history1));
    // A backfill of day 0 gives day 0's rows again and leaves day 1 current.
    CleanPipeline.run(options(DAY0, "clean-day0-backfill"));
    assertThat(
            sorted(
                read(
                    BookPriceStock.class,
                    lake.snapshot(Tables.SILVER_BOOK_HISTORY, DAY0).orElseThrow())))
        .isEqualTo(sorted(history0));
    assertThat(lake.current(Tables.SILVER_BOOKS).orElseThrow().dt()).isEqualTo(DAY1);
  }

  @Test
  void aFailedRunLeavesThePreviousSnapshotsInForce() throws IOException {
    Lake lake = Lake.at(root);
    writeBronze(lake, DAY0, day0());
    CleanPipeline.run(options(DAY0, "clean-day0"));
    Map<TableId, Snapshot> before = currentSnapshots(lake);

    assertThatThrownBy(() -> CleanPipeline.run(options(DAY1, "clean-day1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot clean dt=2026-01-02: bronze.pages has no snapshot for it");

    // Bronze for day 2 whose Parquet file is damaged: the pipeline starts, then fails.
    Snapshot bronze2 = writeBronze(lake, DAY2, day1());
    Files.write(bronze2.files().get(0), "not parquet".getBytes());
    assertThatThrownBy(() -> CleanPipeline.run(options(DAY2, "clean-day2")))
        .isInstanceOf(RuntimeException.class);

    assertThat(currentSnapshots(lake)).isEqualTo(before);
    for (TableId table : SILVER) {
      assertThat(lake.committedDates(table)).as(table.toString()).containsExactly(DAY0);
      assertThat(versionFolders(lake.partitionPath(table, DAY2)))
          .as("aborted versions are removed")
          .isEmpty();
    }
    assertThat(lake.tempPath("clean-day2")).doesNotExist();
  }

  private CleanPipeline.Options options(LocalDate dt, String runId) {
    return PipelineOptionsFactory.fromArgs(
            "--lake=" + root, "--runDate=" + dt, "--runId=" + runId, "--shards=2")
        .withValidation()
        .as(CleanPipeline.Options.class);
  }

  static Snapshot writeBronze(Lake lake, LocalDate dt, List<Page> pages) {
    String runId = "scrape-" + dt;
    PendingSnapshot pending = lake.begin(Tables.BRONZE_PAGES, dt, runId);
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    p.apply(Create.of(pages).withCoder(AvroCoder.of(Page.class)))
        .apply(
            LakeIO.write(Page.class)
                .to(pending.directory().toString())
                .withTempDirectory(lake.tempPath(runId).toString()));
    p.run().waitUntilFinish();
    return LakeIO.commit(pending, Page.class, pages.size());
  }

  static <T extends SpecificRecord> List<T> read(Class<T> type, Snapshot snapshot)
      throws IOException {
    return TableFiles.readAll(type, snapshot.files());
  }

  private static BigDecimal priceOf(String upc, List<Book> books) {
    return books.stream()
        .filter(b -> b.getUpc().equals(upc))
        .findFirst()
        .orElseThrow()
        .getPriceInclTax();
  }

  private static List<String> intervals(List<BookPriceStock> history, String upc) {
    return history.stream()
        .filter(h -> h.getUpc().equals(upc))
        .sorted(Comparator.comparing(BookPriceStock::getValidFrom))
        .map(
            h ->
                h.getPriceInclTax()
                    + " "
                    + h.getValidFrom()
                    + ".."
                    + h.getValidTo()
                    + " "
                    + h.getIsCurrent())
        .toList();
  }

  private static List<String> sorted(List<BookPriceStock> rows) {
    return rows.stream().map(Object::toString).sorted().toList();
  }

  private static Map<TableId, Snapshot> currentSnapshots(Lake lake) {
    return SILVER.stream().collect(Collectors.toMap(t -> t, t -> lake.current(t).orElseThrow()));
  }

  private static List<Path> versionFolders(Path partition) throws IOException {
    if (!Files.isDirectory(partition)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(partition)) {
      return children.filter(Files::isDirectory).toList();
    }
  }
}
