package dev.bookslake.pipelines.scrape.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The state a JVM keeps for one crawl run (host gates, robots.txt rules, progress), held while a
 * fetching DoFn of the run is set up in this JVM. On a cluster the driver's own cleanup never
 * reaches the TaskManagers, whose JVMs outlive many runs, so the DoFns count themselves in and out
 * here.
 *
 * <p>When the last one is torn down the run's progress logs its last line, but its gates and
 * robots.txt rules stay for {@link #GRACE_NANOS} more: a runner may tear a fetching DoFn down and
 * set another up in the same JVM (a retried bundle), and a gate forgotten in between would let the
 * next request follow the last one sooner than Crawl-delay allows. Idle runs are dropped when a
 * later run starts.
 *
 * <pre>{@code
 * RunResources.retain(runId);   // in @Setup
 * RunResources.release(runId);  // in @Teardown
 * }</pre>
 */
public final class RunResources {
  /** How long an idle run's gates and robots.txt rules are kept. */
  static final long GRACE_NANOS = TimeUnit.MINUTES.toNanos(10);

  private static final Map<String, Integer> USERS = new HashMap<>();
  private static final Map<String, Long> IDLE_SINCE = new HashMap<>();

  private RunResources() {}

  /** Counts one more user of the run's state in this JVM; drops runs idle past the grace. */
  public static synchronized void retain(String runId) {
    evictIdle(System.nanoTime());
    IDLE_SINCE.remove(runId);
    USERS.merge(runId, 1, Integer::sum);
  }

  /** Counts one user less; after the last one the run is idle (its progress ends now). */
  public static synchronized void release(String runId) {
    Integer left = USERS.merge(runId, -1, Integer::sum);
    if (left != null && left <= 0) {
      USERS.remove(runId);
      IDLE_SINCE.put(runId, System.nanoTime());
      CrawlProgress.finish(runId);
    }
  }

  /** Whether this JVM keeps state of the run, in use or idle. */
  public static synchronized boolean holds(String runId) {
    return USERS.containsKey(runId) || IDLE_SINCE.containsKey(runId);
  }

  /** Forgets every run idle since before {@code nowNanos - GRACE_NANOS}. */
  static synchronized void evictIdle(long nowNanos) {
    for (Iterator<Map.Entry<String, Long>> it = IDLE_SINCE.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> idle = it.next();
      if (nowNanos - idle.getValue() >= GRACE_NANOS) {
        it.remove();
        forget(idle.getKey());
      }
    }
  }

  /** Forgets the run's state now: its progress logs a last line, its gates and rules go. */
  public static synchronized void forget(String runId) {
    USERS.remove(runId);
    IDLE_SINCE.remove(runId);
    CrawlProgress.finish(runId);
    HostGate.forgetRun(runId);
    Fetcher.forgetRun(runId);
  }
}
