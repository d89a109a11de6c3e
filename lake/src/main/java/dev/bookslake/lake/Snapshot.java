package dev.bookslake.lake;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One committed, immutable version of a table partition: the data files a reader must read, and
 * nothing else, as one Iceberg table snapshot holds them. A re-run of the same {@code dt} commits a
 * new Iceberg snapshot that replaces the partition; this one stays readable by time travel until
 * snapshot expiry removes it.
 *
 * @param table the table
 * @param dt the logical date of the partition
 * @param version the Iceberg snapshot id of the commit that wrote this partition, as text
 * @param directory the folder of the partition's data files
 * @param files the Parquet files of the snapshot, absolute, sorted
 * @param rows the row count the writer reported, or -1 when it did not count
 * @param committedAt when the partition was committed
 * @param runId the run that wrote it
 * @param snapshotId the Iceberg table snapshot these files were planned from (the table's state)
 * @param metadataLocation the table metadata file of that state, for {@code iceberg_scan}
 */
public record Snapshot(
    TableId table,
    LocalDate dt,
    String version,
    Path directory,
    List<Path> files,
    long rows,
    Instant committedAt,
    String runId,
    long snapshotId,
    String metadataLocation) {

  public Snapshot {
    files = List.copyOf(files);
  }

  /**
   * The data files as strings, for the pipelines' readers. SQL readers use {@code
   * iceberg_scan(metadataLocation)} instead, so they resolve field ids as every Iceberg engine
   * does.
   */
  public List<String> fileNames() {
    return files.stream().map(Path::toString).toList();
  }
}
