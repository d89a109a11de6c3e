package dev.bookslake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.schemas.bronze.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeTest {
  private static final LocalDate DAY0 = LocalDate.parse("2026-01-01");
  private static final LocalDate DAY1 = LocalDate.parse("2026-01-02");
  private static final TableId PAGES = Tables.BRONZE_PAGES;

  @TempDir Path root;

  static Page page(LocalDate dt, String run, int i) {
    return Page.newBuilder()
        .setUrl("http://127.0.0.1:8000/catalogue/book_" + i + "/index.html")
        .setPageKind("product")
        .setHttpStatus(200)
        .setContentType(i % 2 == 0 ? "text/html" : null)
        .setEtag(null)
        .setLastModified(null)
        .setBody("<html>" + run + " " + i + "</html>")
        .setSha256("%064x".formatted(i))
        .setAttempts(1)
        .setFetchedAt(Instant.parse("2026-01-01T10:00:00.123Z").plusSeconds(i))
        .setRunId(run)
        .setDt(dt.toString())
        .build();
  }

  static List<Page> pages(LocalDate dt, String run, int count) {
    return IntStream.range(0, count).mapToObj(i -> page(dt, run, i)).toList();
  }

  /** Writes {@code rows} pages for dt in {@code files} data files (at least one) and commits. */
  static Snapshot write(Lake lake, LocalDate dt, String run, int rows, int files) {
    PendingSnapshot pending = lake.begin(PAGES, dt, run);
    fill(pending, run, rows, files);
    return pending.commit(rows);
  }

  static void fill(PendingSnapshot pending, String run, int rows, int files) {
    List<Page> all = pages(pending.dt(), run, rows);
    for (int f = 0; f < files; f++) {
      int from = all.size() * f / files;
      int to = all.size() * (f + 1) / files;
      TableFiles.write(
          Page.class,
          pending.directory().resolve("part-%05d-of-%05d.parquet".formatted(f, files)),
          all.subList(from, to));
    }
  }

  static List<Page> rows(Snapshot snapshot) {
    return TableFiles.readAll(Page.class, snapshot.files());
  }

  @Test
  void uncommittedWriteIsInvisible() {
    Lake lake = Lake.at(root);
    PendingSnapshot pending = lake.begin(PAGES, DAY0, "run-1");
    fill(pending, "run-1", 3, 1);

    assertThat(lake.snapshot(PAGES, DAY0)).as("partition before commit").isEmpty();
    assertThat(lake.current(PAGES)).as("current before commit").isEmpty();
    assertThat(lake.committedDates(PAGES)).isEmpty();
  }

  @Test
  void commitPublishesExactlyTheWrittenFilesAndRowsRoundTrip() {
    Lake lake = Lake.at(root);
    PendingSnapshot pending = lake.begin(PAGES, DAY0, "run-1");
    fill(pending, "run-1", 10, 2);
    Snapshot committed = pending.commit(10);

    Snapshot read = lake.current(PAGES).orElseThrow();
    assertThat(read).isEqualTo(committed);
    assertThat(read.dt()).isEqualTo(DAY0);
    assertThat(read.rows()).as("rows from the data files' metadata").isEqualTo(10);
    assertThat(read.runId()).isEqualTo("run-1");
    assertThat(read.files())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("part-00000-of-00002.parquet", "part-00001-of-00002.parquet");
    assertThat(read.directory()).isEqualTo(pending.directory());
    assertThat(read.metadataLocation()).endsWith(".metadata.json");
    assertThat(rows(read))
        .as("instants, nulls and strings round-trip through Iceberg's Parquet path")
        .containsExactlyInAnyOrderElementsOf(pages(DAY0, "run-1", 10));
  }

  @Test
  void rerunOfSameDateReplacesItAndTheOldStateStaysReadableByTimeTravel() {
    Lake lake = Lake.at(root);
    Snapshot first = write(lake, DAY0, "run-1", 5, 1);
    Snapshot second = write(lake, DAY0, "run-2", 3, 1);

    Snapshot current = lake.snapshot(PAGES, DAY0).orElseThrow();
    assertThat(current.runId()).isEqualTo("run-2");
    assertThat(current.rows()).isEqualTo(3);
    assertThat(rows(current)).extracting(Page::getRunId).containsOnly("run-2");
    assertThat(lake.committedDates(PAGES)).containsExactly(DAY0);

    Snapshot before = lake.snapshot(PAGES, DAY0, first.snapshotId()).orElseThrow();
    assertThat(before.files()).isEqualTo(first.files());
    assertThat(rows(before)).extracting(Page::getRunId).containsOnly("run-1");
    assertThat(second.snapshotId()).isNotEqualTo(first.snapshotId());
  }

  @Test
  void aCrashedWriteLeavesThePreviousSnapshotInForce() throws IOException {
    Lake lake = Lake.at(root);
    Snapshot good = write(lake, DAY0, "run-1", 4, 1);
    PendingSnapshot crashed = lake.begin(PAGES, DAY0, "run-2");
    fill(crashed, "run-2", 7, 2);
    Files.writeString(crashed.directory().resolve("part-00002-of-00003.parquet"), "torn");

    Lake reopened = Lake.at(root);
    assertThat(reopened.snapshot(PAGES, DAY0)).contains(good);
    assertThat(rows(reopened.snapshot(PAGES, DAY0).orElseThrow())).hasSize(4);
  }

  @Test
  void overlappingWritersOfOneDateCommitOneAfterTheOtherAndNothingPublishedIsLost() {
    Lake lake = Lake.at(root);
    Snapshot published = write(lake, DAY0, "run-0", 2, 1);
    PendingSnapshot slow = lake.begin(PAGES, DAY0, "run-slow");
    PendingSnapshot fast = lake.begin(PAGES, DAY0, "run-fast");
    fill(slow, "run-slow", 5, 1);
    fill(fast, "run-fast", 6, 1);

    Snapshot fastCommit = fast.commit(6);
    Snapshot slowCommit = slow.commit(5);

    assertThat(lake.snapshot(PAGES, DAY0).orElseThrow().runId())
        .as("the later commit holds the partition")
        .isEqualTo("run-slow");
    assertThat(fastCommit.rows()).isEqualTo(6);
    assertThat(slowCommit.rows()).isEqualTo(5);
    for (Snapshot s : List.of(published, fastCommit, slowCommit)) {
      Snapshot back = lake.snapshot(PAGES, DAY0, s.snapshotId()).orElseThrow();
      assertThat(back.files())
          .as("every published version is still on disk")
          .allMatch(Files::isRegularFile);
      assertThat(rows(back)).hasSize((int) s.rows());
    }
    assertThat(lake.history(PAGES))
        .extracting(TableCommit::runId)
        .containsSubsequence("run-0", "run-fast", "run-slow");
  }

  @Test
  void concurrentCommitsAllLandAndReadersNeverSeeAHalfCommit() throws Exception {
    Lake lake = Lake.at(root);
    write(lake, DAY0, "seed", 4, 2);
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Snapshot>> commits = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      LocalDate dt = w % 2 == 0 ? DAY0 : DAY1;
      String run = "run-" + w;
      int rows = 2 + w;
      commits.add(
          pool.submit(
              () -> {
                PendingSnapshot pending = lake.begin(PAGES, dt, run);
                fill(pending, run, rows, 2);
                start.await();
                return pending.commit(rows);
              }));
    }
    Future<List<String>> reader =
        pool.submit(
            () -> {
              List<String> problems = new ArrayList<>();
              start.await();
              for (int i = 0; i < 30; i++) {
                Snapshot s = lake.snapshot(PAGES, DAY0).orElseThrow();
                List<Page> read = rows(s);
                if (read.size() != s.rows()
                    || read.stream().anyMatch(p -> !p.getRunId().equals(s.runId()))) {
                  problems.add(
                      s.runId() + ": " + read.size() + " rows, " + s.rows() + " committed");
                }
              }
              return problems;
            });
    start.countDown();
    for (Future<Snapshot> commit : commits) {
      assertThat(commit.get(120, TimeUnit.SECONDS).rows()).isPositive();
    }
    assertThat(reader.get(120, TimeUnit.SECONDS)).isEmpty();
    pool.shutdown();

    assertThat(lake.committedDates(PAGES)).containsExactly(DAY0, DAY1);
    assertThat(
            lake.history(PAGES).stream()
                .filter(c -> c.runId() != null && c.runId().startsWith("run-")))
        .as("every writer's commit is in the table's history")
        .hasSize(writers);
  }

  @Test
  void abortDeletesTheFilesAndKeepsTheOldSnapshot() {
    Lake lake = Lake.at(root);
    Snapshot good = write(lake, DAY0, "run-1", 3, 1);
    PendingSnapshot pending = lake.begin(PAGES, DAY0, "run-2");
    fill(pending, "run-2", 3, 1);
    pending.abort();

    assertThat(pending.directory()).doesNotExist();
    assertThat(lake.snapshot(PAGES, DAY0)).contains(good);
  }

  @Test
  void currentFollowsTheNewestDateAndABackfillDoesNotMoveItBack() {
    Lake lake = Lake.at(root);
    write(lake, DAY1, "run-1", 2, 1);
    write(lake, DAY0, "backfill", 2, 1);

    assertThat(lake.current(PAGES).orElseThrow().dt()).isEqualTo(DAY1);
    assertThat(lake.committedDates(PAGES)).containsExactly(DAY0, DAY1);
  }

  @Test
  void asOfReadsTheLatestPartitionOnOrBeforeTheDate() {
    Lake lake = Lake.at(root);
    write(lake, DAY0, "run-0", 2, 1);
    write(lake, DAY1.plusDays(1), "run-2", 2, 1);

    assertThat(lake.asOf(PAGES, DAY1).orElseThrow().dt()).isEqualTo(DAY0);
    assertThat(lake.asOf(PAGES, DAY0.minusDays(1))).isEmpty();
    assertThat(
            lake.select(PAGES, ReadSelection.asOf(DAY1))
                .orElseThrow()
                .partition()
                .orElseThrow()
                .dt())
        .isEqualTo(DAY0);
  }

  @Test
  void timeTravelByInstantSeesTheTableAsItWasCommitted() throws InterruptedException {
    Lake lake = Lake.at(root);
    Snapshot first = write(lake, DAY0, "run-1", 2, 1);
    Thread.sleep(5);
    Instant between = Instant.now();
    Thread.sleep(5);
    write(lake, DAY0, "run-2", 3, 1);
    write(lake, DAY1, "run-3", 1, 1);

    TableRead then = lake.select(PAGES, new ReadSelection(null, between, null)).orElseThrow();
    assertThat(then.snapshotId()).isEqualTo(first.snapshotId());
    assertThat(then.partition().orElseThrow().runId()).isEqualTo("run-1");
    TableRead byId =
        lake.select(PAGES, new ReadSelection(null, null, first.snapshotId())).orElseThrow();
    assertThat(byId.partition().orElseThrow().rows()).isEqualTo(2);
    assertThat(lake.select(PAGES, new ReadSelection(null, Instant.EPOCH, null))).isEmpty();
    assertThatThrownBy(() -> lake.select(PAGES, new ReadSelection(null, null, 42L)))
        .hasMessage("Cannot find snapshot of table bronze.pages: 42");
  }

  @Test
  void theFirstWriteCreatesEveryTableEmptyAndTablesListsCommittedOnes() {
    Lake lake = Lake.at(root);
    assertThat(lake.tables()).isEmpty();
    assertThat(lake.select(Tables.GOLD_DRIFT_REPORT, ReadSelection.LATEST))
        .as("no catalog yet")
        .isEmpty();
    write(lake, DAY0, "run-1", 1, 1);

    assertThat(lake.tables()).containsExactly(PAGES);
    for (TableId table : Tables.ALL) {
      TableRead empty = lake.select(table, ReadSelection.LATEST).orElseThrow();
      assertThat(empty.snapshotId()).as("%s has a snapshot readers can scan", table).isNotNull();
      assertThat(Path.of(empty.metadataLocation())).isRegularFile();
      assertThat(Path.of(empty.metadataLocation()).resolveSibling("version-hint.text"))
          .isRegularFile();
    }
  }

  @Test
  void deleteTempRemovesOneRunsScratchSpaceOnly() throws IOException {
    Lake lake = Lake.at(root);
    Files.createDirectories(lake.tempPath("run-1").resolve("beam"));
    Files.writeString(lake.tempPath("run-1").resolve("beam/shard"), "x");
    Files.createDirectories(lake.tempPath("run-2"));

    lake.deleteTemp("run-1");
    lake.deleteTemp("never-ran");

    assertThat(lake.tempPath("run-1")).doesNotExist();
    assertThat(lake.tempPath("run-2")).as("another run's scratch space").isDirectory();
  }

  @Test
  void objectStoreRootsAreRefusedClearly() {
    assertThatThrownBy(() -> Lake.open("s3://bucket/lake"))
        .isInstanceOf(LakeException.class)
        .hasMessage("Cannot open lake root (only local paths are supported): s3://bucket/lake");
  }

  @Test
  void tableIdsParseAndValidate() {
    assertThat(TableId.parse("gold.category_stats"))
        .isEqualTo(TableId.of(Layer.GOLD, "category_stats"));
    assertThatThrownBy(() -> TableId.parse("gold")).hasMessageStartingWith("Cannot parse table id");
    assertThatThrownBy(() -> TableId.parse("platinum.x"))
        .hasMessage("Cannot parse lake layer: platinum");
    assertThatThrownBy(() -> TableId.of(Layer.GOLD, "../etc"))
        .hasMessage("Cannot use table name: ../etc");
  }
}
