package dev.bookslake.lake;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One Iceberg commit of a lake table, as {@link Lake#history} lists it: what time travel ({@code
 * ./bookslake query --snapshot ID}) can go back to.
 *
 * @param table the table
 * @param snapshotId the Iceberg snapshot id
 * @param committedAt when the commit was made
 * @param operation Iceberg's operation ({@code append}, {@code overwrite}, {@code delete})
 * @param dt the partition a bookslake run replaced; null for the table's creation
 * @param runId the run that committed; null when another tool did
 * @param rows the rows of the partition after the commit, or -1 when not recorded
 * @param run when the run started and what it counted ({@link RunMetrics#NONE} when not recorded)
 */
public record TableCommit(
    TableId table,
    long snapshotId,
    Instant committedAt,
    String operation,
    @Nullable String dt,
    @Nullable String runId,
    long rows,
    RunMetrics run) {

  /** A commit that recorded no {@link RunMetrics}. */
  public TableCommit(
      TableId table,
      long snapshotId,
      Instant committedAt,
      String operation,
      @Nullable String dt,
      @Nullable String runId,
      long rows) {
    this(table, snapshotId, committedAt, operation, dt, runId, rows, RunMetrics.NONE);
  }

  /** From the run's start to this commit; empty when the start was not recorded. */
  public Optional<Duration> duration() {
    return run.startedAt() == null
        ? Optional.empty()
        : Optional.of(Duration.between(run.startedAt(), committedAt));
  }
}
