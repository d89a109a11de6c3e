package dev.bookslake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.schemas.bronze.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificData;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeMigrationTest {
  private static final LocalDate DAY0 = LocalDate.parse("2026-01-01");
  private static final LocalDate DAY1 = LocalDate.parse("2026-01-02");

  @TempDir Path root;

  /**
   * A partition as bookslake wrote it before Iceberg: parquet-avro files in a version folder, and
   * the partition's {@code _SNAPSHOT.json} naming them.
   */
  private void legacyPartition(LocalDate dt, String run, int rows, long pointerRows)
      throws IOException {
    Path partition = Lake.at(root).tablePath(Tables.BRONZE_PAGES).resolve("dt=" + dt);
    Path version = partition.resolve("v-20260101T000000000Z-000001");
    Files.createDirectories(version);
    List<Page> pages = LakeTest.pages(dt, run, rows);
    String[] names = {"part-00000-of-00002.parquet", "part-00001-of-00002.parquet"};
    for (int f = 0; f < 2; f++) {
      try (ParquetWriter<Page> writer =
          AvroParquetWriter.<Page>builder(new LocalOutputFile(version.resolve(names[f])))
              .withSchema(Page.getClassSchema())
              .withDataModel(SpecificData.getForClass(Page.class))
              .build()) {
        for (Page p : pages.subList(pages.size() * f / 2, pages.size() * (f + 1) / 2)) {
          writer.write(p);
        }
      }
    }
    Files.writeString(
        partition.resolve("_SNAPSHOT.json"),
        """
        {"table":"bronze.pages","dt":"%s","version":"v-20260101T000000000Z-000001",
         "files":["%s","%s"],"rows":%d,"committed_at":"2026-01-01T00:00:00Z","run_id":"%s"}
        """
            .formatted(dt, names[0], names[1], pointerRows, run));
    Files.writeString(partition.getParent().resolve("_CURRENT.json"), "{\"dt\":\"" + dt + "\"}");
  }

  @Test
  void everyLegacyPartitionBecomesAnIcebergCommitWithItsRowsAndTheLegacyFilesGo()
      throws IOException {
    legacyPartition(DAY0, "run-0", 5, 5);
    legacyPartition(DAY1, "run-1", 7, 7);
    Lake lake = Lake.at(root);
    assertThat(LakeMigration.hasLegacyPartitions(lake)).isTrue();

    List<LakeMigration.Migrated> done = LakeMigration.migrate(lake, true);

    assertThat(done)
        .extracting(LakeMigration.Migrated::dt, LakeMigration.Migrated::rows)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(DAY0, 5L),
            org.assertj.core.groups.Tuple.tuple(DAY1, 7L));
    assertThat(lake.committedDates(Tables.BRONZE_PAGES)).containsExactly(DAY0, DAY1);
    Snapshot day0 = lake.snapshot(Tables.BRONZE_PAGES, DAY0).orElseThrow();
    assertThat(day0.runId()).isEqualTo("run-0");
    assertThat(TableFiles.readAll(Page.class, day0.files()))
        .containsExactlyInAnyOrderElementsOf(LakeTest.pages(DAY0, "run-0", 5));
    assertThat(lake.tablePath(Tables.BRONZE_PAGES).resolve("dt=" + DAY0)).doesNotExist();
    assertThat(lake.tablePath(Tables.BRONZE_PAGES).resolve("_CURRENT.json")).doesNotExist();
    assertThat(LakeMigration.hasLegacyPartitions(lake)).isFalse();
  }

  @Test
  void aMigrationRunAgainSkipsWhatIsDoneAndKeepingLegacyKeepsIt() throws IOException {
    legacyPartition(DAY0, "run-0", 3, 3);
    Lake lake = Lake.at(root);
    LakeMigration.migrate(lake, false);
    List<LakeMigration.Migrated> again = LakeMigration.migrate(lake, false);

    assertThat(again).singleElement().extracting(LakeMigration.Migrated::skipped).isEqualTo(true);
    assertThat(lake.history(Tables.BRONZE_PAGES).stream().filter(c -> "run-0".equals(c.runId())))
        .as("one commit, not two")
        .hasSize(1);
    assertThat(lake.tablePath(Tables.BRONZE_PAGES).resolve("dt=" + DAY0)).isDirectory();
  }

  @Test
  void aPartitionWhoseRowsDisagreeWithItsPointerIsRefusedAndNothingIsRemoved() throws IOException {
    legacyPartition(DAY0, "run-0", 3, 4);
    Lake lake = Lake.at(root);

    assertThatThrownBy(() -> LakeMigration.migrate(lake, true))
        .isInstanceOf(LakeException.class)
        .hasMessage(
            "Cannot migrate partition bronze.pages dt=2026-01-01: its files hold 3 rows, its pointer says 4");
    assertThat(lake.snapshot(Tables.BRONZE_PAGES, DAY0)).isEmpty();
    assertThat(lake.tablePath(Tables.BRONZE_PAGES).resolve("dt=" + DAY0)).isDirectory();
  }
}
