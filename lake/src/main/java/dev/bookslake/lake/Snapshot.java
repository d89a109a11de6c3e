package dev.bookslake.lake;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One committed, immutable version of a table partition: the files a reader must read, and nothing
 * else. A snapshot never changes after it is committed; a re-run of the same {@code dt} commits a
 * new snapshot beside it and moves the partition's pointer.
 *
 * @param table the table
 * @param dt the logical date of the partition
 * @param version the version folder name inside the partition, e.g. {@code
 *     v-20260101T000000123Z-3f2a}
 * @param directory the version folder
 * @param files the Parquet files of the snapshot, absolute, sorted
 * @param rows the row count the writer reported, or -1 when it did not count
 * @param committedAt when the pointer was published
 * @param runId the run that wrote it
 */
public record Snapshot(
    TableId table,
    LocalDate dt,
    String version,
    Path directory,
    List<Path> files,
    long rows,
    Instant committedAt,
    String runId) {

  public Snapshot {
    files = List.copyOf(files);
  }

  /**
   * The files as strings, for DuckDB's {@code read_parquet([...])} or Beam's {@code FileIO.match}.
   */
  public List<String> fileNames() {
    return files.stream().map(Path::toString).toList();
  }
}
