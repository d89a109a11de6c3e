package dev.bookslake.serving.snapshot;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Which committed version of a lake table a snapshot holds.
 *
 * @param table the lake table, e.g. {@code gold.books}
 * @param dt the partition date
 * @param version the Iceberg snapshot id of the commit that wrote that partition, as text
 * @param snapshotId the Iceberg snapshot of the table that was read (its state when loaded)
 * @param rows the rows loaded
 * @param committedAt when the commit that wrote the partition was made
 */
public record TableVersion(
    String table, LocalDate dt, String version, long snapshotId, long rows, Instant committedAt) {}
