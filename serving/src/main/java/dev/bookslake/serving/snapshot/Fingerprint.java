package dev.bookslake.serving.snapshot;

import dev.bookslake.lake.Snapshot;
import java.time.LocalDate;
import java.util.Map;

/**
 * The lake snapshots a gold snapshot would be built from, resolved through the Iceberg catalog:
 * {@code gold.books} at its current dt, and every other table as of that dt.
 *
 * @param dt the current dt of {@code gold.books}
 * @param snapshots the resolved lake snapshot of each table present, by DuckDB table name
 * @param key a string naming every table version; equal keys mean the same data
 */
record Fingerprint(LocalDate dt, Map<String, Snapshot> snapshots, String key) {}
