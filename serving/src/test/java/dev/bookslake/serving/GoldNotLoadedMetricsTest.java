package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.testing.GoldFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Newer gold the server cannot load shows in the metrics BookslakeGoldNotLoaded reads: the lake's
 * gold commit time moves on, the served one stays, and the failed load is counted.
 */
class GoldNotLoadedMetricsTest {
  @Test
  void newerGoldThatFailsToLoadIsAheadOfTheServedGold() throws Exception {
    Path root = TestLakes.newFolder("gold-not-loaded");
    Lake lake = Lake.at(root);
    List<LocalDate> dts = List.of(TestLakes.DAY_1, TestLakes.DAY_2, TestLakes.DAY_3);
    GoldFixture.writeDay(lake, 20, dts, 0);
    GoldFixture.writeDay(lake, 20, dts, 1);
    long served = lake.current(Tables.GOLD_BOOKS).orElseThrow().committedAt().getEpochSecond();
    try (Components components = Components.create(TestLakes.config(root, Map.of()), false)) {
      components.start();
      // Commit times are read in whole seconds: the next gold must be a later one.
      Thread.sleep(1100);
      GoldFixture.writeDay(lake, 20, dts, 2);
      Snapshot newer = lake.current(Tables.GOLD_BOOKS).orElseThrow();
      // Committed, but its data file is gone: every load of it fails.
      for (Path file : newer.files()) {
        Files.delete(file);
      }
      for (int i = 0; i < 200 && components.snapshots().failures() == 0; i++) {
        Thread.sleep(50);
      }

      String text = components.metrics().scrape();
      assertThat(components.snapshots().failures()).isEqualTo(1);
      assertThat(newer.committedAt().getEpochSecond()).isGreaterThan(served);
      assertThat(text)
          .contains("\nbookslake_snapshot_dt_seconds 1767312000\n")
          .contains("\nbookslake_gold_commit_timestamp_seconds " + served + "\n")
          .contains(
              "\nbookslake_lake_gold_commit_timestamp_seconds "
                  + newer.committedAt().getEpochSecond()
                  + "\n")
          .contains("\nbookslake_snapshot_load_failures_total 1\n");
    }
  }
}
