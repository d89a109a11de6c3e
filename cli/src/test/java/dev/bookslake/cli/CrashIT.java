package dev.bookslake.cli;

import static dev.bookslake.pipelines.testing.LakeSql.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableCommit;
import dev.bookslake.lake.Tables;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.pipelines.testing.MlLakes;
import dev.bookslake.pipelines.train.CandidateSpec;
import dev.bookslake.pipelines.train.ModelTraining;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} a real {@code bookslake} process at random points while it writes and commits,
 * many times, then check what a crash may never do: leave the lake unreadable, lose or damage the
 * last good snapshot, or stop the next run from succeeding. Also two overlapping writers of one
 * partition, the slow one started first, as an Airflow retry beside a manual re-run would be.
 *
 * <p>{@code -Dbookslake.crash.iterations=N} (default 6 per test, so {@code make test} stays short)
 * and {@code -Dbookslake.crash.seed=S} (printed by every run) reproduce or extend a run.
 */
class CrashIT {
  private static final LocalDate DT = LocalDate.parse("2026-01-01");
  private static final int ITERATIONS = Integer.getInteger("bookslake.crash.iterations", 6);
  private static final long SEED = Long.getLong("bookslake.crash.seed", System.nanoTime());

  @TempDir Path dir;

  private ShadedJar.Result run(String... args) throws Exception {
    return ShadedJar.run(dir, args);
  }

  /**
   * Starts a command and SIGKILLs it (Process.destroyForcibly on Unix) after {@code afterMillis}.
   */
  private void killAfter(long afterMillis, String... args) throws Exception {
    Process process = ShadedJar.start(Files.createTempFile(dir, "killed-", ".log"), args);
    if (!process.waitFor(afterMillis, TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed process ends").isTrue();
    }
  }

  /**
   * A kill point: uniform over the whole run half the time, else in its last 40%, where it writes
   * and commits.
   */
  private static long killPoint(Random random, long runMillis) {
    long from = random.nextBoolean() ? 0 : runMillis * 6 / 10;
    return from + (long) (random.nextDouble() * (runMillis * 11 / 10 - from));
  }

  /** The partition's snapshot is readable: its pointer names files that exist and hold its rows. */
  private static void assertReadable(Lake lake, Snapshot expectedRows, String when) {
    Snapshot now =
        lake.snapshot(Tables.BRONZE_PAGES, DT)
            .orElseThrow(() -> new AssertionError("no snapshot " + when));
    assertThat(now.files())
        .as("files of the published snapshot %s", when)
        .allMatch(Files::isRegularFile);
    assertThat(now.rows())
        .as("rows of the published snapshot %s", when)
        .isEqualTo(expectedRows.rows());
    assertThat(value(lake, "SELECT count(*) FROM bronze.pages"))
        .as("bronze.pages read back %s", when)
        .isEqualTo(expectedRows.rows());
  }

  @Test
  void aScrapeKilledAnywhereLeavesTheLastGoodSnapshotAndTheNextRunSucceeds() throws Exception {
    System.out.println("CrashIT seed " + SEED + ", iterations " + ITERATIONS);
    Random random = new Random(SEED);
    try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.builder().books(60).build())) {
      Path root = dir.resolve("lake");
      String[] scrape = {
        "scrape",
        "--source",
        sandbox.baseUri().toString(),
        "--lake",
        root.toString(),
        "--run-date",
        DT.toString()
      };
      ShadedJar.Result good = run(scrape);
      assertThat(good.exitCode()).as(good.output()).isZero();
      Lake lake = Lake.at(root);
      Snapshot lastGood = lake.snapshot(Tables.BRONZE_PAGES, DT).orElseThrow();

      for (int i = 0; i < ITERATIONS; i++) {
        long at = killPoint(random, good.millis());
        killAfter(at, scrape);
        assertReadable(lake, lastGood, "after a kill at " + at + " ms of " + good.millis());
      }

      ShadedJar.Result next = run(scrape);
      assertThat(next.exitCode()).as("the run after the crashes: " + next.output()).isZero();
      assertReadable(lake, lastGood, "after the next run");
      // Killed writers leave data files no commit names; maintenance removes exactly those.
      ShadedJar.Result maintained =
          run("lake", "maintain", "--lake", root.toString(), "--orphans-after", "0m");
      assertThat(maintained.exitCode()).as(maintained.output()).isZero();
      Set<Path> committed = new HashSet<>();
      for (TableCommit commit : lake.history(Tables.BRONZE_PAGES)) {
        if (DT.toString().equals(commit.dt())) {
          lake.snapshot(Tables.BRONZE_PAGES, DT, commit.snapshotId())
              .ifPresent(s -> committed.add(s.directory()));
        }
      }
      try (Stream<Path> folders = Files.list(lake.partitionPath(Tables.BRONZE_PAGES, DT))) {
        assertThat(folders.filter(Files::isDirectory).collect(Collectors.toSet()))
            .as("after maintenance only committed runs' folders remain")
            .isEqualTo(committed);
      }
      assertReadable(lake, lastGood, "after maintenance");
    }
  }

  @Test
  void overlappingScrapesOfOneDateNeverDeleteThePublishedVersion() throws Exception {
    try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.builder().books(30).build())) {
      Path root = dir.resolve("lake");
      List<String> common =
          List.of(
              "scrape",
              "--source",
              sandbox.baseUri().toString(),
              "--lake",
              root.toString(),
              "--run-date",
              DT.toString());
      ShadedJar.Result earlier = run(common.toArray(String[]::new));
      assertThat(earlier.exitCode()).as(earlier.output()).isZero();
      List<String> slow = new ArrayList<>(common);
      // Spaced requests make the first run finish (and commit) after the second.
      slow.addAll(List.of("--delay-ms", "150"));
      Path slowLog = dir.resolve("slow.log");
      Process first = ShadedJar.start(slowLog, slow.toArray(String[]::new));
      Thread.sleep(1_000);
      ShadedJar.Result fast = run(common.toArray(String[]::new));
      assertThat(fast.exitCode()).as(fast.output()).isZero();
      assertThat(first.waitFor(180, TimeUnit.SECONDS)).isTrue();
      assertThat(first.exitValue()).as(Files.readString(slowLog)).isZero();

      Lake lake = Lake.at(root);
      Snapshot published = lake.snapshot(Tables.BRONZE_PAGES, DT).orElseThrow();
      assertThat(published.files())
          .as("the files the pointer names, after both commits")
          .isNotEmpty()
          .allMatch(Files::isRegularFile);
      assertThat(value(lake, "SELECT count(*) FROM bronze.pages")).isEqualTo(published.rows());
    }
  }

  /** {@code models promote} of a rating version to production. */
  private static String[] promote(Path root, String version) {
    return new String[] {
      "models",
      "promote",
      "--lake",
      root.toString(),
      "--name",
      "rating",
      "--version",
      version,
      "--alias",
      "production"
    };
  }

  @Test
  void aPromotionKilledAnywhereLeavesAServableAliasAndReadableHistory() throws Exception {
    Random random = new Random(SEED + 1);
    Path root = dir.resolve("lake");
    Lake lake = Lake.at(root);
    MlLakes.write(lake, DT, MlLakes.books(150, 1, MlLakes.Labels.LEARNABLE));
    List<CandidateSpec> quick = List.of(new CandidateSpec(2, 5, 0.3));
    ModelTraining.train(lake, DT, "rating", "", true, quick);
    ModelTraining.train(lake, DT, "rating", "", false, quick);
    ModelRegistry registry = ModelRegistry.in(lake);

    ShadedJar.Result firstPromotion = run(promote(root, "2"));
    assertThat(firstPromotion.exitCode()).as(firstPromotion.output()).isZero();

    for (int i = 0; i < ITERATIONS; i++) {
      String version = i % 2 == 0 ? "1" : "2";
      killAfter(killPoint(random, firstPromotion.millis()), promote(root, version));
      ModelVersion production = registry.alias("rating", ModelRegistry.PRODUCTION).orElseThrow();
      assertThat(production.version()).as("production after kill %d", i).isIn(1, 2);
      assertThat(Files.isRegularFile(production.modelFile())).isTrue();
      assertThat(registry.history("rating")).as("history after kill %d", i).isNotEmpty();
    }

    ShadedJar.Result next = run(promote(root, "1"));
    assertThat(next.exitCode()).as(next.output()).isZero();
    assertThat(registry.alias("rating", ModelRegistry.PRODUCTION).orElseThrow().version())
        .isEqualTo(1);
  }
}
