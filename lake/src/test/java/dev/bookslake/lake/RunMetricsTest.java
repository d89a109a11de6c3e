package dev.bookslake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A commit's run start and counters, written as Iceberg summary properties and read back. */
class RunMetricsTest {
  private static final LocalDate DAY0 = LocalDate.parse("2026-01-01");
  private static final LocalDate DAY1 = LocalDate.parse("2026-01-02");

  @TempDir Path root;

  @Test
  void aCommitRecordsTheRunsStartAndCountersAndHistoryReadsThemBack() {
    Lake lake = Lake.at(root);
    Instant started = Instant.now().minusSeconds(42);
    PendingSnapshot pending = lake.begin(Tables.BRONZE_PAGES, DAY0, "scrape-1");
    LakeTest.fill(pending, "scrape-1", 3, 1);
    pending.commit(3, new RunMetrics(started, Map.of("product_pages", 2L, "product_errors", 0L)));

    TableCommit commit = lake.history(Tables.BRONZE_PAGES).getLast();
    assertThat(commit.runId()).isEqualTo("scrape-1");
    assertThat(commit.run().startedAt()).isEqualTo(started);
    assertThat(commit.run().counters())
        .containsExactly(Map.entry("product_errors", 0L), Map.entry("product_pages", 2L));
    assertThat(commit.duration()).contains(Duration.between(started, commit.committedAt()));
    assertThat(commit.duration().orElseThrow()).isGreaterThanOrEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void commitsWithoutTheProperties_olderLakes_readAsNothingRecorded() {
    Lake lake = Lake.at(root);
    LakeTest.write(lake, DAY0, "old-run", 2, 1);
    PendingSnapshot pending = lake.begin(Tables.BRONZE_PAGES, DAY1, "new-run");
    LakeTest.fill(pending, "new-run", 2, 1);
    pending.commit(2, RunMetrics.startedAt(Instant.now()));

    List<TableCommit> commits =
        lake.history(Tables.BRONZE_PAGES).stream().filter(c -> c.dt() != null).toList();
    assertThat(commits).extracting(TableCommit::runId).containsExactly("old-run", "new-run");
    assertThat(commits.getFirst().run()).isEqualTo(RunMetrics.NONE);
    assertThat(commits.getFirst().duration()).isEmpty();
    assertThat(commits.getLast().run().counters()).isEmpty();
    assertThat(commits.getLast().duration()).isPresent();
    assertThat(lake.snapshot(Tables.BRONZE_PAGES, DAY0).orElseThrow().rows()).isEqualTo(2);
  }

  @Test
  void summaryPropertiesRoundTripAndUnparseableValuesAreLeftOut() {
    RunMetrics run =
        new RunMetrics(Instant.parse("2026-01-02T06:00:10Z"), Map.of("failed/price_positive", 1L));
    assertThat(run.toSummary())
        .containsExactly(
            Map.entry("bookslake.started-at", "2026-01-02T06:00:10Z"),
            Map.entry("bookslake.metric.failed/price_positive", "1"));
    assertThat(RunMetrics.fromSummary(run.toSummary())).isEqualTo(run);
    assertThat(
            RunMetrics.fromSummary(
                Map.of(
                    "bookslake.started-at", "yesterday",
                    "bookslake.metric.pages", "many",
                    "bookslake.run-id", "r")))
        .isEqualTo(RunMetrics.NONE);
  }

  @Test
  void historiesReadSeveralTablesAtOnceAsHistoryDoes() {
    Lake lake = Lake.at(root);
    assertThat(lake.histories(Tables.ALL)).as("no catalog yet").isEmpty();
    LakeTest.write(lake, DAY0, "run-1", 2, 1);

    Map<TableId, List<TableCommit>> histories =
        lake.histories(List.of(Tables.BRONZE_PAGES, Tables.GOLD_BOOKS));
    assertThat(histories.get(Tables.BRONZE_PAGES)).isEqualTo(lake.history(Tables.BRONZE_PAGES));
    assertThat(histories.get(Tables.GOLD_BOOKS))
        .as("created empty with the first write, never committed by a run")
        .allMatch(c -> c.dt() == null);
  }
}
