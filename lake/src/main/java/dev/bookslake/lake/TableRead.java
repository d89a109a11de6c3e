package dev.bookslake.lake;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A table as a reader selected it ({@link Lake#select}): the table metadata file and Iceberg
 * snapshot to scan, and the partition chosen in it, if any. A table created but never written has a
 * snapshot and no partition: readers show it empty, with its columns.
 *
 * @param table the table
 * @param metadataLocation the metadata file, the first argument of DuckDB's {@code iceberg_scan}
 * @param snapshotId the Iceberg snapshot to scan ({@code snapshot_from_id}); null for none yet
 * @param partition the selected {@code dt} partition, empty when none qualifies
 */
public record TableRead(
    TableId table,
    String metadataLocation,
    @Nullable Long snapshotId,
    Optional<Snapshot> partition) {}
