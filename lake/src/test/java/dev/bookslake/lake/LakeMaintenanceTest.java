package dev.bookslake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.schemas.bronze.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeMaintenanceTest {
  private static final LocalDate DAY0 = LocalDate.parse("2026-01-01");

  @TempDir Path root;

  @Test
  void expiryKeepsTheLastSnapshotsAndDeletesOnlyFilesNoKeptSnapshotUses() throws Exception {
    Lake lake = Lake.at(root);
    Snapshot first = LakeTest.write(lake, DAY0, "run-1", 3, 1);
    LakeTest.write(lake, DAY0, "run-2", 3, 1);
    Snapshot third = LakeTest.write(lake, DAY0, "run-3", 3, 1);
    Instant later = Instant.now().plus(Duration.ofDays(30));

    List<LakeMaintenance.Report> reports =
        LakeMaintenance.run(
            lake,
            new LakeMaintenance.Policy(Duration.ofDays(7), 2, Duration.ofDays(3)),
            later,
            false);

    LakeMaintenance.Report pages =
        reports.stream()
            .filter(r -> r.table().equals(Tables.BRONZE_PAGES))
            .findFirst()
            .orElseThrow();
    assertThat(pages.snapshotsBefore()).isEqualTo(4);
    assertThat(pages.snapshotsAfter()).as("the last two").isEqualTo(2);
    assertThat(first.files())
        .as("run-1's files are no longer used")
        .allMatch(f -> !Files.exists(f));
    assertThat(third.files()).allMatch(Files::isRegularFile);
    assertThat(
            TableFiles.readAll(Page.class, lake.current(Tables.BRONZE_PAGES).orElseThrow().files()))
        .hasSize(3);
  }

  @Test
  void orphanFilesOfARunThatNeverCommittedGoOnceOldEnoughAndNotBefore() throws Exception {
    Lake lake = Lake.at(root);
    Snapshot good = LakeTest.write(lake, DAY0, "run-1", 3, 1);
    PendingSnapshot crashed = lake.begin(Tables.BRONZE_PAGES, DAY0, "run-crashed");
    LakeTest.fill(crashed, "run-crashed", 4, 2);
    List<Path> orphanFiles;
    try (var files = Files.list(crashed.directory())) {
      orphanFiles = files.toList();
    }
    PendingSnapshot killedEarly = lake.begin(Tables.BRONZE_PAGES, DAY0, "run-killed-early");

    LakeMaintenance.Policy policy = LakeMaintenance.Policy.DEFAULT;
    LakeMaintenance.run(lake, policy, Instant.now(), false);
    assertThat(orphanFiles).as("too young: a run may still be writing").allMatch(Files::exists);

    for (Path f : orphanFiles) {
      Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofDays(4))));
    }
    Files.setLastModifiedTime(
        killedEarly.directory(), FileTime.from(Instant.now().minus(Duration.ofDays(4))));
    List<LakeMaintenance.Report> dry = LakeMaintenance.run(lake, policy, Instant.now(), true);
    List<Path> expected = new java.util.ArrayList<>(orphanFiles);
    expected.add(killedEarly.directory());
    assertThat(dry.stream().flatMap(r -> r.orphansDeleted().stream()))
        .as("files no commit names, and the empty folder of a run killed before writing")
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(orphanFiles).as("a dry run deletes nothing").allMatch(Files::exists);

    LakeMaintenance.run(lake, policy, Instant.now(), false);
    assertThat(orphanFiles).noneMatch(Files::exists);
    assertThat(crashed.directory()).doesNotExist();
    assertThat(killedEarly.directory()).doesNotExist();
    assertThat(good.files()).allMatch(Files::isRegularFile);
    assertThat(lake.snapshot(Tables.BRONZE_PAGES, DAY0)).contains(good);
  }
}
