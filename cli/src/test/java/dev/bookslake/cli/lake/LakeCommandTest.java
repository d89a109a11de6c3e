package dev.bookslake.cli.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.cli.Bookslake;
import dev.bookslake.cli.CliRun;
import dev.bookslake.lake.Lake;
import dev.bookslake.lake.TableCommit;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.testing.GoldFixture;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bookslake lake} in this JVM, as users call it, over a fixture lake of two days. */
class LakeCommandTest {
  @TempDir static Path lake;

  @BeforeAll
  static void writeLake() {
    GoldFixture.write(
        Lake.at(lake), 6, List.of(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-02")));
  }

  @Test
  void historyListsEveryCommitWithItsSnapshotIdDateAndRun() {
    CliRun.Result result = CliRun.run("lake", "history", "gold.books", "--lake", lake.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<TableCommit> commits = Lake.at(lake).history(Tables.GOLD_BOOKS);
    assertThat(commits).hasSize(3);
    assertThat(result.out().lines().toList())
        .hasSize(4)
        .first()
        .asString()
        .startsWith("snapshot_id");
    TableCommit last = commits.getLast();
    assertThat(result.out())
        .contains(Long.toString(last.snapshotId()))
        .contains("2026-01-02")
        .contains(last.runId());
  }

  @Test
  void maintainReportsEveryTableAndADryRunChangesNothing() {
    CliRun.Result result =
        CliRun.run(
            "lake", "maintain", "--lake", lake.toString(), "--dry-run", "--orphans-after", "0m");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("gold.books")
        .endsWith(Tables.ALL.size() + " tables, 0 orphan files (dry run)\n");
    assertThat(Lake.at(lake).history(Tables.GOLD_BOOKS)).hasSize(3);
  }

  @Test
  void migrateOnAnIcebergLakeHasNothingToDo() {
    CliRun.Result result = CliRun.run("lake", "migrate", "--lake", lake.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("Nothing to migrate: no legacy partitions under ");
  }

  @Test
  void badArgumentsExitTwoNamingTheProblem() {
    CliRun.Result table =
        CliRun.run("lake", "history", "gold.nonexistent", "--lake", lake.toString());
    assertThat(table.exitCode()).isEqualTo(Bookslake.EXIT_BAD_ARGS);
    assertThat(table.err()).contains("Cannot find lake table: gold.nonexistent");

    CliRun.Result age =
        CliRun.run("lake", "maintain", "--lake", lake.toString(), "--expire-after", "soon");
    assertThat(age.exitCode()).isEqualTo(Bookslake.EXIT_BAD_ARGS);
    assertThat(age.err()).contains("Cannot parse age (e.g. 7d, 12h, 30m): soon");

    assertThat(LakeCommand.age("12h")).hasHours(12);
    assertThat(LakeCommand.age("PT30S")).hasSeconds(30);
  }
}
