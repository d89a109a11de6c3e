package dev.bookslake.lake;

import dev.bookslake.lake.internal.SnapshotFiles;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A partition version being written. Fill {@link #directory()} with Parquet files, then {@link
 * #commit(long)} to publish it atomically, or {@link #abort()} to throw it away. An uncommitted
 * version is invisible to readers; if its writer dies, a later commit of the same partition removes
 * it.
 */
public final class PendingSnapshot {
  private final Lake lake;
  private final TableId table;
  private final LocalDate dt;
  private final String runId;
  private final SnapshotFiles.VersionWriter writer;

  PendingSnapshot(
      TableId table, LocalDate dt, String runId, SnapshotFiles.VersionWriter writer, Lake lake) {
    this.lake = lake;
    this.table = table;
    this.dt = dt;
    this.runId = runId;
    this.writer = writer;
  }

  public TableId table() {
    return table;
  }

  public LocalDate dt() {
    return dt;
  }

  public String version() {
    return writer.version();
  }

  /** The folder to write this version's files into. */
  public Path directory() {
    return writer.directory();
  }

  /**
   * Publishes this version as the partition's snapshot (one atomic rename), moves the table's
   * current pointer when {@code dt} is the newest, and removes versions no reader can need.
   *
   * @param rows the number of rows written, or -1 if unknown
   */
  public Snapshot commit(long rows) {
    Snapshot snapshot = SnapshotFiles.commit(table, dt, runId, writer, rows);
    SnapshotFiles.advanceCurrent(lake.tablePath(table), dt);
    return snapshot;
  }

  /** Deletes this version's files; the partition keeps its previous snapshot. */
  public void abort() {
    SnapshotFiles.abort(writer);
  }
}
