package dev.bookslake.lake.internal;

import dev.bookslake.lake.LakeException;
import dev.bookslake.lake.RunMetrics;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableCommit;
import dev.bookslake.lake.TableId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;
import org.jspecify.annotations.Nullable;

/**
 * One Iceberg snapshot of a lake table, read once: its data files grouped by {@code dt}, and the
 * commits that led to it. The lake's read methods answer from it.
 */
public final class TableState {
  /** Summary property of a bookslake commit: the partition it replaced. */
  public static final String DT_PROPERTY = "bookslake.dt";

  /** Summary property of a bookslake commit: the run that wrote it. */
  public static final String RUN_PROPERTY = "bookslake.run-id";

  /** Summary property of a bookslake commit: the rows its writer counted. */
  public static final String ROWS_PROPERTY = "bookslake.rows";

  private final TableId id;
  private final Table table;
  private final org.apache.iceberg.@Nullable Snapshot snapshot;
  private @Nullable Map<LocalDate, List<DataFile>> partitions;

  public TableState(TableId id, Table table, @Nullable Long snapshotId) {
    this.id = id;
    this.table = table;
    if (snapshotId == null) {
      this.snapshot = table.currentSnapshot();
    } else {
      this.snapshot = table.snapshot(snapshotId);
      if (this.snapshot == null) {
        throw new LakeException("Cannot find snapshot of table " + id + ": " + snapshotId);
      }
    }
  }

  public TableId table() {
    return id;
  }

  /** The same table at another of its snapshots (time travel). */
  public TableState at(long snapshotId) {
    return new TableState(id, table, snapshotId);
  }

  /** The partitions holding data files, oldest first. */
  public List<LocalDate> dates() {
    return List.copyOf(partitions().keySet());
  }

  /** The Iceberg snapshot of this state; null for a table with no commit at all. */
  public @Nullable Long snapshotId() {
    return snapshot == null ? null : snapshot.snapshotId();
  }

  /** The snapshot that was current at {@code at}; empty when the table is younger. */
  public Optional<Long> snapshotIdAt(Instant at) {
    try {
      return Optional.of(SnapshotUtil.snapshotIdAsOfTime(table, at.toEpochMilli()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public String metadataLocation() {
    return LakeCatalog.metadataLocation(table);
  }

  /** Partition {@code dt} in this state, if it holds any data file. */
  public Optional<Snapshot> partition(LocalDate dt) {
    List<DataFile> files = partitions().get(dt);
    if (files == null || files.isEmpty() || snapshot == null) {
      return Optional.empty();
    }
    List<Path> paths = files.stream().map(f -> LocalFileIO.toPath(f.location())).sorted().toList();
    long rows = files.stream().mapToLong(DataFile::recordCount).sum();
    org.apache.iceberg.Snapshot writer = writerOf(dt.toString());
    Map<String, String> summary = writer.summary();
    return Optional.of(
        new Snapshot(
            id,
            dt,
            Long.toString(writer.snapshotId()),
            paths.getFirst().getParent(),
            paths,
            rows,
            Instant.ofEpochMilli(writer.timestampMillis()),
            summary.getOrDefault(RUN_PROPERTY, "unknown"),
            snapshot.snapshotId(),
            metadataLocation()));
  }

  /** The commits of this state's lineage, oldest first. */
  public List<TableCommit> history() {
    if (snapshot == null) {
      return List.of();
    }
    List<TableCommit> commits = new ArrayList<>();
    for (org.apache.iceberg.Snapshot s :
        SnapshotUtil.ancestorsOf(snapshot.snapshotId(), table::snapshot)) {
      Map<String, String> summary = s.summary();
      String rows = summary.get(ROWS_PROPERTY);
      commits.add(
          new TableCommit(
              id,
              s.snapshotId(),
              Instant.ofEpochMilli(s.timestampMillis()),
              s.operation(),
              summary.get(DT_PROPERTY),
              summary.get(RUN_PROPERTY),
              rows == null ? -1 : Long.parseLong(rows),
              RunMetrics.fromSummary(summary)));
    }
    commits.sort(
        Comparator.comparing(TableCommit::committedAt).thenComparing(TableCommit::snapshotId));
    return commits;
  }

  // The newest commit in this lineage that replaced dt; the state's own snapshot when another tool
  // wrote the partition without saying so.
  private org.apache.iceberg.Snapshot writerOf(String dt) {
    for (org.apache.iceberg.Snapshot s :
        SnapshotUtil.ancestorsOf(snapshot.snapshotId(), table::snapshot)) {
      if (dt.equals(s.summary().get(DT_PROPERTY))) {
        return s;
      }
    }
    return snapshot;
  }

  private Map<LocalDate, List<DataFile>> partitions() {
    if (partitions != null) {
      return partitions;
    }
    Map<LocalDate, List<DataFile>> byDate = new TreeMap<>();
    if (snapshot != null) {
      try (CloseableIterable<FileScanTask> tasks =
          table.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
        for (FileScanTask task : tasks) {
          DataFile file = task.file();
          Object dt = file.partition().get(0, Object.class);
          byDate.computeIfAbsent(LocalDate.parse(dt.toString()), d -> new ArrayList<>()).add(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot plan files of table: " + id, e);
      }
    }
    partitions = byDate;
    return byDate;
  }
}
