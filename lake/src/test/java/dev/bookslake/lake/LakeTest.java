package dev.bookslake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeTest {
  private static final LocalDate DAY0 = LocalDate.parse("2026-01-01");
  private static final LocalDate DAY1 = LocalDate.parse("2026-01-02");
  private static final TableId BOOKS = TableId.parse("silver.books");

  @TempDir Path root;

  private static Snapshot write(Lake lake, TableId table, LocalDate dt, String... files)
      throws IOException {
    PendingSnapshot pending = lake.begin(table, dt, "run-" + dt);
    for (String f : files) {
      Files.writeString(pending.directory().resolve(f), f + "@" + pending.version());
    }
    return pending.commit(files.length);
  }

  @Test
  void uncommittedWriteIsInvisible() throws IOException {
    Lake lake = Lake.at(root);
    PendingSnapshot pending = lake.begin(BOOKS, DAY0, "run-1");
    Files.writeString(pending.directory().resolve("part-0.parquet"), "half");

    assertThat(lake.snapshot(BOOKS, DAY0)).as("partition before commit").isEmpty();
    assertThat(lake.current(BOOKS)).as("current before commit").isEmpty();
    assertThat(lake.committedDates(BOOKS)).isEmpty();
  }

  @Test
  void commitPublishesExactlyTheWrittenFiles() throws IOException {
    Lake lake = Lake.at(root);
    PendingSnapshot pending = lake.begin(BOOKS, DAY0, "run-1");
    Files.writeString(pending.directory().resolve("part-00000-of-00002.parquet"), "a");
    Files.writeString(pending.directory().resolve("part-00001-of-00002.parquet"), "b");
    Files.writeString(pending.directory().resolve(".part-00002.crc"), "hidden");
    Snapshot committed = pending.commit(42);

    Snapshot read = lake.current(BOOKS).orElseThrow();
    assertThat(read.dt()).isEqualTo(DAY0);
    assertThat(read.rows()).isEqualTo(42);
    assertThat(read.runId()).isEqualTo("run-1");
    assertThat(read.files())
        .as("only data files, sorted")
        .extracting(p -> p.getFileName().toString())
        .containsExactly("part-00000-of-00002.parquet", "part-00001-of-00002.parquet");
    assertThat(read.files()).isEqualTo(committed.files());
    assertThat(read.directory())
        .isEqualTo(lake.partitionPath(BOOKS, DAY0).resolve(committed.version()));
  }

  @Test
  void rerunOfSameDateReplacesIt() throws IOException {
    Lake lake = Lake.at(root);
    Snapshot first = write(lake, BOOKS, DAY0, "part-a.parquet", "part-b.parquet");
    Snapshot second = write(lake, BOOKS, DAY0, "part-c.parquet");

    Snapshot read = lake.snapshot(BOOKS, DAY0).orElseThrow();
    assertThat(read.version()).isEqualTo(second.version()).isNotEqualTo(first.version());
    assertThat(read.files())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("part-c.parquet");
    assertThat(Files.readString(read.files().get(0)))
        .isEqualTo("part-c.parquet@" + second.version());
    assertThat(lake.committedDates(BOOKS)).containsExactly(DAY0);
  }

  @Test
  void staleVersionsAreRemovedButThePreviousOneStaysForReadersInFlight() throws IOException {
    Lake lake = Lake.at(root);
    Snapshot v1 = write(lake, BOOKS, DAY0, "p.parquet");
    Snapshot v2 = write(lake, BOOKS, DAY0, "p.parquet");
    Snapshot v3 = write(lake, BOOKS, DAY0, "p.parquet");

    assertThat(Files.exists(v1.directory())).as("v1 removed").isFalse();
    assertThat(Files.exists(v2.directory())).as("v2 kept: a reader may have resolved it").isTrue();
    assertThat(Files.exists(v3.directory())).isTrue();
  }

  @Test
  void crashedWriteLeavesPreviousSnapshotAndIsCleanedByTheNextCommit() throws IOException {
    Lake lake = Lake.at(root);
    Snapshot good = write(lake, BOOKS, DAY0, "p.parquet");
    // What a writer killed mid-write leaves: a version folder, part of its data, and a lock file
    // that no process holds any more (the operating system released it with the process).
    Path crashed = lake.partitionPath(BOOKS, DAY0).resolve("v-20250101T000000000Z-dead00");
    Files.createDirectories(crashed);
    Files.writeString(crashed.resolve("p.parquet"), "partial");
    Files.writeString(crashed.resolve("_WRITER.lock"), "");

    assertThat(lake.snapshot(BOOKS, DAY0).orElseThrow().version()).isEqualTo(good.version());

    write(lake, BOOKS, DAY0, "p.parquet");
    assertThat(Files.exists(crashed))
        .as("orphan of a dead writer removed by the next commit")
        .isFalse();
  }

  @Test
  void overlappingWritersStartedSlowFirstPublishTheLastCommitAndDeleteNothingPublished()
      throws IOException {
    Lake lake = Lake.at(root);
    write(lake, BOOKS, DAY0, "p.parquet");
    PendingSnapshot slow = lake.begin(BOOKS, DAY0, "retry");
    PendingSnapshot fast = lake.begin(BOOKS, DAY0, "manual");
    Files.writeString(slow.directory().resolve("p.parquet"), "slow");
    Files.writeString(fast.directory().resolve("p.parquet"), "fast");

    Snapshot fastCommit = fast.commit(1);
    assertThat(Files.exists(slow.directory()))
        .as("a writer still at work keeps its folder")
        .isTrue();
    Snapshot slowCommit = slow.commit(1);

    Snapshot published = lake.snapshot(BOOKS, DAY0).orElseThrow();
    assertThat(published.version()).as("the last commit wins").isEqualTo(slowCommit.version());
    assertThat(published.files()).allMatch(Files::isRegularFile);
    assertThat(Files.readString(published.files().get(0))).isEqualTo("slow");
    assertThat(Files.exists(fastCommit.directory()))
        .as("the replaced version stays for readers in flight")
        .isTrue();

    Snapshot next = write(lake, BOOKS, DAY0, "p.parquet");
    assertThat(Files.exists(slowCommit.directory()))
        .as("previous by commit order, not by name")
        .isTrue();
    assertThat(Files.exists(fastCommit.directory())).as("two commits back").isFalse();
    assertThat(lake.snapshot(BOOKS, DAY0).orElseThrow().version()).isEqualTo(next.version());
  }

  @Test
  void aWriterInFlightSurvivesOtherCommitsAndCommitsAfterThem() throws IOException {
    Lake lake = Lake.at(root);
    PendingSnapshot longRun = lake.begin(BOOKS, DAY0, "long");
    Files.writeString(longRun.directory().resolve("p.parquet"), "long");
    write(lake, BOOKS, DAY0, "p.parquet");
    write(lake, BOOKS, DAY0, "p.parquet");
    write(lake, BOOKS, DAY0, "p.parquet");

    Snapshot committed = longRun.commit(1);
    assertThat(lake.snapshot(BOOKS, DAY0).orElseThrow().files())
        .containsExactlyElementsOf(committed.files());
    assertThat(Files.readString(committed.files().get(0))).isEqualTo("long");
  }

  @Test
  void abortDeletesTheVersionAndKeepsTheOldSnapshot() throws IOException {
    Lake lake = Lake.at(root);
    Snapshot good = write(lake, BOOKS, DAY0, "p.parquet");
    PendingSnapshot aborted = lake.begin(BOOKS, DAY0, "run-2");
    Files.writeString(aborted.directory().resolve("p.parquet"), "x");
    aborted.abort();

    assertThat(Files.exists(aborted.directory())).isFalse();
    assertThat(lake.snapshot(BOOKS, DAY0).orElseThrow().version()).isEqualTo(good.version());
  }

  @Test
  void currentFollowsTheNewestDateAndABackfillDoesNotMoveItBack() throws IOException {
    Lake lake = Lake.at(root);
    write(lake, BOOKS, DAY1, "p.parquet");
    write(lake, BOOKS, DAY0, "p.parquet");

    assertThat(lake.current(BOOKS).orElseThrow().dt()).isEqualTo(DAY1);
    assertThat(lake.committedDates(BOOKS)).containsExactly(DAY0, DAY1);
  }

  @Test
  void asOfReadsTheLatestPartitionOnOrBeforeTheDate() throws IOException {
    Lake lake = Lake.at(root);
    write(lake, BOOKS, DAY0, "p.parquet");
    write(lake, BOOKS, LocalDate.parse("2026-01-05"), "p.parquet");

    assertThat(lake.asOf(BOOKS, DAY1).orElseThrow().dt()).isEqualTo(DAY0);
    assertThat(lake.asOf(BOOKS, LocalDate.parse("2026-01-05")).orElseThrow().dt())
        .isEqualTo(LocalDate.parse("2026-01-05"));
    assertThat(lake.asOf(BOOKS, LocalDate.parse("2025-12-31"))).isEmpty();
  }

  @Test
  void tablesListsCommittedTablesOnly() throws IOException {
    Lake lake = Lake.at(root);
    write(lake, Tables.BRONZE_PAGES, DAY0, "p.parquet");
    write(lake, BOOKS, DAY0, "p.parquet");
    lake.begin(TableId.parse("gold.books"), DAY0, "never-committed");

    assertThat(lake.tables()).containsExactly(Tables.BRONZE_PAGES, BOOKS);
  }

  @Test
  void readersNeverSeeAHalfPublishedPointerUnderConcurrentCommits() throws Exception {
    Lake lake = Lake.at(root);
    write(lake, BOOKS, DAY0, "p.parquet");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      futures.add(
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < 30; i++) {
                  write(lake, BOOKS, DAY0, "p.parquet");
                }
                return null;
              }));
    }
    for (int r = 0; r < 2; r++) {
      futures.add(
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < 300; i++) {
                  Snapshot s = lake.snapshot(BOOKS, DAY0).orElseThrow();
                  assertThat(s.files()).hasSize(1);
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    try (Stream<Path> tmp = Files.list(lake.partitionPath(BOOKS, DAY0))) {
      assertThat(tmp.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")))
          .as("no temporary pointer files left behind")
          .isEmpty();
    }
  }

  @Test
  void versionsMadeInTheSameMillisecondStillSortInCreationOrder() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      names.add(dev.bookslake.lake.internal.SnapshotFiles.newVersionName());
    }
    assertThat(names).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void deleteTempRemovesOneRunsScratchSpaceOnly() throws IOException {
    Lake lake = Lake.at(root);
    Files.createDirectories(lake.tempPath("run-1").resolve("beam-temp"));
    Files.writeString(lake.tempPath("run-1").resolve("beam-temp/shard-0"), "x");
    Files.createDirectories(lake.tempPath("run-2"));
    write(lake, BOOKS, DAY0, "part-0.parquet");

    lake.deleteTemp("run-1");
    lake.deleteTemp("never-ran");

    assertThat(lake.tempPath("run-1")).doesNotExist();
    assertThat(lake.tempPath("run-2")).as("another run's scratch space").isDirectory();
    assertThat(lake.current(BOOKS)).isPresent();
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
