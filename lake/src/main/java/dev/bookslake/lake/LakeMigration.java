package dev.bookslake.lake;

import dev.bookslake.lake.internal.LegacySnapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Converts a lake written before Iceberg (pointer files {@code dt=D/_SNAPSHOT.json} naming Parquet
 * files) into the Iceberg tables, without scraping again: every committed {@code dt} of every
 * table, oldest first, one Iceberg commit each, its row count checked against the pointer's.
 * Re-running it skips partitions already migrated, so an interrupted migration resumes. The legacy
 * folders are removed only when every partition checked out, and only when asked.
 *
 * <pre>{@code
 * List<LakeMigration.Migrated> done = LakeMigration.migrate(Lake.open("lake/warehouse"), true);
 * }</pre>
 */
public final class LakeMigration {
  private LakeMigration() {}

  /**
   * One legacy partition and what became of it.
   *
   * @param rows the rows read from its files and committed
   * @param skipped true when an earlier run had migrated it already
   */
  public record Migrated(TableId table, java.time.LocalDate dt, long rows, boolean skipped) {}

  /** Whether the lake root holds any legacy partition. */
  public static boolean hasLegacyPartitions(Lake lake) {
    return Tables.ALL.stream()
        .anyMatch(t -> !LegacySnapshots.partitions(t, lake.tablePath(t)).isEmpty());
  }

  /**
   * Migrates every legacy partition; with {@code removeLegacy}, deletes the legacy folders and
   * pointers afterwards.
   *
   * @throws LakeException when a partition's rows do not match its pointer (nothing is removed)
   */
  public static List<Migrated> migrate(Lake lake, boolean removeLegacy) {
    List<Migrated> migrated = new ArrayList<>();
    List<LegacySnapshots.Partition> all = new ArrayList<>();
    for (TableId table : Tables.ALL) {
      all.addAll(LegacySnapshots.partitions(table, lake.tablePath(table)));
    }
    if (all.isEmpty()) {
      return migrated;
    }
    lake.createMissingTables();
    for (LegacySnapshots.Partition partition : all) {
      migrated.add(migrate(lake, partition));
    }
    if (removeLegacy) {
      for (LegacySnapshots.Partition partition : all) {
        deleteQuietly(partition.folder());
      }
      for (TableId table : Tables.ALL) {
        for (String pointer : List.of(LegacySnapshots.CURRENT_FILE, "_CURRENT.lock")) {
          deleteQuietly(lake.tablePath(table).resolve(pointer));
        }
      }
    }
    return migrated;
  }

  private static Migrated migrate(Lake lake, LegacySnapshots.Partition legacy) {
    Class<? extends SpecificRecord> type = TableFiles.recordClass(legacy.table());
    String runId = legacy.runId() == null ? "migrated" : legacy.runId();
    Optional<Snapshot> existing = lake.snapshot(legacy.table(), legacy.dt());
    if (existing.isPresent()
        && existing.get().runId().equals(runId)
        && (legacy.rows() < 0 || existing.get().rows() == legacy.rows())) {
      return new Migrated(legacy.table(), legacy.dt(), existing.get().rows(), true);
    }
    PendingSnapshot pending = lake.begin(legacy.table(), legacy.dt(), runId);
    long rows;
    try {
      rows = copy(type, legacy.files(), pending.directory().resolve("part-00000-of-00001.parquet"));
    } catch (IOException | RuntimeException e) {
      pending.abort();
      throw new LakeException(
          "Cannot migrate partition "
              + legacy.table()
              + " dt="
              + legacy.dt()
              + ": "
              + e.getMessage(),
          e);
    }
    if (legacy.rows() >= 0 && rows != legacy.rows()) {
      pending.abort();
      throw new LakeException(
          "Cannot migrate partition "
              + legacy.table()
              + " dt="
              + legacy.dt()
              + ": its files hold "
              + rows
              + " rows, its pointer says "
              + legacy.rows());
    }
    Snapshot committed = pending.commit(rows);
    if (committed.rows() != rows) {
      throw new LakeException(
          "Cannot verify migrated partition "
              + legacy.table()
              + " dt="
              + legacy.dt()
              + ": committed "
              + committed.rows()
              + " rows of "
              + rows);
    }
    return new Migrated(legacy.table(), legacy.dt(), rows, false);
  }

  private static <T extends SpecificRecord> long copy(Class<T> type, List<Path> files, Path target)
      throws IOException {
    SpecificData model = SpecificData.getForClass(type);
    try (TableFiles.RecordWriter<T> out = TableFiles.newWriter(type, target)) {
      for (Path file : files) {
        try (ParquetReader<T> in =
            AvroParquetReader.<T>builder(new LocalInputFile(file)).withDataModel(model).build()) {
          for (T row = in.read(); row != null; row = in.read()) {
            out.write(row);
          }
        }
      }
      return out.rows();
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      DurableFiles.deleteTree(path);
    } catch (IOException e) {
      throw new LakeException("Cannot remove legacy lake files: " + path, e);
    }
  }
}
