package dev.bookslake.pipelines.scrape.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The state a JVM keeps for one crawl run (host gates, robots.txt rules, progress), held while a
 * fetching DoFn of the run is set up in this JVM and released with the last one's teardown. On a
 * cluster the driver's own release never reaches the TaskManagers, whose JVMs outlive many runs.
 *
 * <pre>{@code
 * RunResources.retain(runId);   // in @Setup
 * RunResources.release(runId);  // in @Teardown: the run's gates, robots.txt and progress go
 * }</pre>
 */
public final class RunResources {
  private static final Map<String, Integer> USERS = new HashMap<>();

  private RunResources() {}

  /** Counts one more user of the run's state in this JVM. */
  public static synchronized void retain(String runId) {
    USERS.merge(runId, 1, Integer::sum);
  }

  /** Counts one user less; the last one forgets the run's state. */
  public static synchronized void release(String runId) {
    Integer left = USERS.merge(runId, -1, Integer::sum);
    if (left != null && left <= 0) {
      USERS.remove(runId);
      forget(runId);
    }
  }

  /** Whether this JVM keeps state of the run (for tests). */
  public static synchronized boolean holds(String runId) {
    return USERS.containsKey(runId);
  }

  /** Forgets the run's state now: its progress logs a last line, its gates and rules go. */
  public static void forget(String runId) {
    CrawlProgress.finish(runId);
    HostGate.forgetRun(runId);
    Fetcher.forgetRun(runId);
  }
}
