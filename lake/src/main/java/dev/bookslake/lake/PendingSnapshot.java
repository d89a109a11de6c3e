package dev.bookslake.lake;

import dev.bookslake.lake.internal.LakeCatalog;
import dev.bookslake.lake.internal.TableState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expressions;

/**
 * A partition version being written. Fill {@link #directory()} with data files ({@link
 * TableFiles}), then {@link #commit(long)} to publish them in one Iceberg commit, or {@link
 * #abort()} to throw them away. Uncommitted files are invisible to readers; if their writer dies,
 * the maintenance command's orphan clean-up removes them once they are old enough.
 */
public final class PendingSnapshot {
  private final Lake lake;
  private final TableId table;
  private final LocalDate dt;
  private final String runId;
  private final Path directory;

  PendingSnapshot(Lake lake, TableId table, LocalDate dt, String runId, Path directory) {
    this.lake = lake;
    this.table = table;
    this.dt = dt;
    this.runId = runId;
    this.directory = directory;
  }

  public TableId table() {
    return table;
  }

  public LocalDate dt() {
    return dt;
  }

  /** The folder name of this run's data files inside the partition. */
  public String version() {
    return directory.getFileName().toString();
  }

  /** The folder to write this version's data files into. */
  public Path directory() {
    return directory;
  }

  /**
   * Publishes the folder's data files as partition {@code dt}, replacing whatever the partition
   * held, in one Iceberg commit. When another run committed the table in between, Iceberg retries
   * on the newer version (the later commit wins the partition; nothing else is touched).
   *
   * @param rows the number of rows written, or -1 if unknown
   */
  public Snapshot commit(long rows) {
    return commit(rows, RunMetrics.NONE);
  }

  /**
   * {@link #commit(long)}, recording the run's start and counters in the commit's summary (see
   * {@link RunMetrics}), so {@link Lake#history} can tell how long the run took.
   */
  public Snapshot commit(long rows, RunMetrics run) {
    List<Path> files = dataFiles();
    Snapshot committed;
    try (LakeCatalog catalog = LakeCatalog.open(lake.root())) {
      Table iceberg = catalog.table(table);
      OverwriteFiles overwrite =
          iceberg
              .newOverwrite()
              .overwriteByRowFilter(Expressions.equal("dt", dt.toString()))
              .set(TableState.DT_PROPERTY, dt.toString())
              .set(TableState.RUN_PROPERTY, runId)
              .set(TableState.ROWS_PROPERTY, Long.toString(rows));
      run.toSummary().forEach(overwrite::set);
      for (Path file : files) {
        DataFile data = TableFiles.describe(iceberg, file, dt.toString());
        overwrite.addFile(data);
      }
      try {
        LakeCatalog.exclusively(
            lake.root(),
            () -> {
              overwrite.commit();
              return null;
            });
      } catch (CommitFailedException e) {
        throw new LakeException(
            "Cannot commit partition "
                + table
                + " dt="
                + dt
                + " (other runs kept committing the table; run the stage again): "
                + e.getMessage(),
            e);
      } catch (CommitStateUnknownException e) {
        throw new LakeException(
            "Cannot tell whether partition "
                + table
                + " dt="
                + dt
                + " was committed: "
                + e.getMessage(),
            e);
      }
      // Read back at this commit, not at the table's latest: an overlapping run may follow at once.
      committed =
          new TableState(table, iceberg, iceberg.currentSnapshot().snapshotId())
              .partition(dt)
              .orElseThrow(
                  () ->
                      new LakeException(
                          "Cannot read back committed partition: " + table + " dt=" + dt));
      LakeCatalog.writeVersionHint(iceberg);
    }
    return committed;
  }

  /** Deletes this version's files; the partition keeps its previous snapshot. */
  public void abort() {
    try {
      DurableFiles.deleteTree(directory);
    } catch (IOException e) {
      throw new LakeException("Cannot delete uncommitted data folder: " + directory, e);
    }
  }

  private List<Path> dataFiles() {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
    } catch (IOException e) {
      throw new LakeException("Cannot list data files in: " + directory, e);
    }
  }
}
