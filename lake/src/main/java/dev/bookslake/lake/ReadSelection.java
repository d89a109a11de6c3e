package dev.bookslake.lake;

import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Which state of the lake a reader wants: the latest (all null), the partition published for a
 * logical date ({@code asOf}: the latest {@code dt} on or before it), and Iceberg time travel to
 * the table as committed at an instant ({@code at}) or at one snapshot id ({@code snapshotId}, one
 * table). Time travel and {@code asOf} combine: "the partition for D as the table stood at T".
 *
 * <pre>{@code
 * ReadSelection latest = ReadSelection.LATEST;
 * ReadSelection yesterday = ReadSelection.asOf(LocalDate.parse("2026-01-01"));
 * ReadSelection before = new ReadSelection(null, Instant.parse("2026-01-02T06:00:00Z"), null);
 * }</pre>
 */
public record ReadSelection(
    @Nullable LocalDate asOf, @Nullable Instant at, @Nullable Long snapshotId) {
  /** The newest commit and the latest {@code dt}. */
  public static final ReadSelection LATEST = new ReadSelection(null, null, null);

  public static ReadSelection asOf(@Nullable LocalDate asOf) {
    return new ReadSelection(asOf, null, null);
  }

  /** Whether this selection travels back in time (reads an older Iceberg snapshot). */
  public boolean travels() {
    return at != null || snapshotId != null;
  }
}
