package dev.bookslake.serving.snapshot;

import java.time.LocalDate;

/**
 * Which committed version of a lake table a snapshot holds.
 *
 * @param table the lake table, e.g. {@code gold.books}
 * @param dt the partition date
 * @param version the version folder of that partition
 * @param rows the rows loaded
 */
public record TableVersion(String table, LocalDate dt, String version, long rows) {}
