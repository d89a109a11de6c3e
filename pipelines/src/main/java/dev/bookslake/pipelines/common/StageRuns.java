package dev.bookslake.pipelines.common;

import dev.bookslake.pipelines.io.LakeIO;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** Small helpers every stage's driver uses: parse the run date, name the run, read counters. */
public final class StageRuns {
  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  // The stages' metric namespaces: bookslake.scrape, bookslake.clean, ...
  private static final String BOOKSLAKE_NAMESPACES = "bookslake.";

  private StageRuns() {}

  public static LocalDate runDate(LakeOptions options) {
    try {
      return LocalDate.parse(options.getRunDate());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Cannot parse --run-date (expected YYYY-MM-DD): " + options.getRunDate(), e);
    }
  }

  /** The run id given, or {@code <stage>-<dt>-<UTC time>}. */
  public static String runId(LakeOptions options, String stage) {
    String given = options.getRunId();
    if (given != null && !given.isBlank()) {
      return given;
    }
    return stage + "-" + options.getRunDate() + "-" + RUN_TIME.format(Instant.now());
  }

  /** Waits for a pipeline and fails unless it finished successfully. */
  public static PipelineResult waitForSuccess(PipelineResult result) {
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("Cannot complete pipeline, it ended in state: " + state);
    }
    return result;
  }

  /** A counter's value (committed where the runner supports it, else attempted), 0 if absent. */
  public static long counter(PipelineResult result, String namespace, String name) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(namespace, name))
                    .build());
    long total = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      Long value;
      try {
        value = counter.getCommitted();
      } catch (UnsupportedOperationException e) {
        value = counter.getAttempted();
      }
      total += value == null ? 0 : value;
    }
    return total;
  }

  /**
   * Every bookslake counter the pipeline reported, by name: what a stage records in its commits as
   * {@code bookslake.metric.<name>}. Beam's own counters (e.g. CoGroupByKey's) and the lake
   * writer's ({@link LakeIO#METRICS_NAMESPACE}, recorded as each table's rows already) are left
   * out; a counter never incremented is not reported by Beam, so it is absent too.
   */
  public static Map<String, Long> counters(PipelineResult result) {
    return counters(result, BOOKSLAKE_NAMESPACES);
  }

  /**
   * Like {@link #counters(PipelineResult)}, only the counters whose namespace starts with {@code
   * prefix} (a {@code bookslake.} one): one stage's ({@code ScrapePipeline.METRICS}) of a pipeline
   * that runs several.
   */
  public static Map<String, Long> counters(PipelineResult result, String prefix) {
    Map<String, Long> counters = new TreeMap<>();
    for (MetricResult<Long> counter : result.metrics().allMetrics().getCounters()) {
      String namespace = counter.getName().getNamespace();
      if (!namespace.startsWith(prefix) || namespace.equals(LakeIO.METRICS_NAMESPACE)) {
        continue;
      }
      Long value;
      try {
        value = counter.getCommitted();
      } catch (UnsupportedOperationException e) {
        value = counter.getAttempted();
      }
      counters.merge(counter.getName().getName(), value == null ? 0 : value, Long::sum);
    }
    return counters;
  }

  /** Rows written through {@code LakeIO.write(...).withRowCounter(name)}. */
  public static long rowsWritten(PipelineResult result, String name) {
    return counter(result, LakeIO.METRICS_NAMESPACE, "rows/" + name);
  }
}
