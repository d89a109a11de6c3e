package dev.bookslake.lake;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a stage run records about itself in each Iceberg commit it makes, as snapshot summary
 * properties beside {@code bookslake.run-id}: when the run started ({@code bookslake.started-at},
 * an ISO-8601 instant; the commit's own timestamp is the end) and the counters its pipeline counted
 * ({@code bookslake.metric.<name>}). Commits made before these properties existed, or by other
 * tools, read back as {@link #NONE}.
 *
 * <pre>{@code
 * RunMetrics run = new RunMetrics(Instant.parse("2026-01-02T06:00:10Z"), Map.of("product_pages", 1000L));
 * pending.commit(1050, run);
 * lake.history(Tables.BRONZE_PAGES).getLast().run().startedAt();   // 2026-01-02T06:00:10Z
 * }</pre>
 *
 * @param startedAt when the run began; null when not recorded
 * @param counters counter name to value, sorted by name; empty when none were recorded
 */
public record RunMetrics(@Nullable Instant startedAt, Map<String, Long> counters) {
  /** Nothing recorded: an older commit, or one made by another tool. */
  public static final RunMetrics NONE = new RunMetrics(null, Map.of());

  /** Summary property of a bookslake commit: when the run that made it started. */
  public static final String STARTED_AT_PROPERTY = "bookslake.started-at";

  /** Prefix of the summary properties holding the run's counters. */
  public static final String METRIC_PREFIX = "bookslake.metric.";

  public RunMetrics {
    counters = Collections.unmodifiableMap(new TreeMap<>(counters));
  }

  /** A run that started at {@code startedAt} and reports no counters. */
  public static RunMetrics startedAt(Instant startedAt) {
    return new RunMetrics(startedAt, Map.of());
  }

  /** The summary properties this adds to a commit. */
  public Map<String, String> toSummary() {
    Map<String, String> summary = new LinkedHashMap<>();
    if (startedAt != null) {
      summary.put(STARTED_AT_PROPERTY, startedAt.toString());
    }
    counters.forEach((name, value) -> summary.put(METRIC_PREFIX + name, Long.toString(value)));
    return summary;
  }

  /**
   * Reads the properties back from a commit's summary; a value that does not parse (written by hand
   * or another tool) is left out rather than failing the whole history.
   */
  public static RunMetrics fromSummary(Map<String, String> summary) {
    Instant started = null;
    Map<String, Long> counters = new TreeMap<>();
    for (Map.Entry<String, String> e : summary.entrySet()) {
      try {
        if (e.getKey().equals(STARTED_AT_PROPERTY)) {
          started = Instant.parse(e.getValue());
        } else if (e.getKey().startsWith(METRIC_PREFIX)) {
          counters.put(e.getKey().substring(METRIC_PREFIX.length()), Long.parseLong(e.getValue()));
        }
      } catch (DateTimeParseException | NumberFormatException ignored) {
        // Not ours to fail on: the property is simply not known.
      }
    }
    return started == null && counters.isEmpty() ? NONE : new RunMetrics(started, counters);
  }
}
