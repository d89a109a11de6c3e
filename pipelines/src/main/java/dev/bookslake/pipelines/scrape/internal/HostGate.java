package dev.bookslake.pipelines.scrape.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Politeness towards one host, shared by every fetching thread of a JVM (the one worker that crawls
 * the site, see {@code SitePages}): at most {@code permits} requests in flight, and, when a delay
 * is set, requests spaced at least that far apart (which also means one at a time, as Crawl-delay
 * intends).
 */
public final class HostGate {
  private static final ConcurrentMap<String, HostGate> GATES = new ConcurrentHashMap<>();

  private final Semaphore inFlight;
  private final long intervalNanos;
  private long nextSlotNanos = System.nanoTime();

  private HostGate(int permits, long intervalMillis) {
    this.inFlight = new Semaphore(intervalMillis > 0 ? 1 : Math.max(1, permits), true);
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  /** The gate of a host for one run; every thread of the run asking for it gets the same one. */
  public static HostGate of(String runId, String host, int permits, long intervalMillis) {
    return GATES.computeIfAbsent(runId + "|" + host, k -> new HostGate(permits, intervalMillis));
  }

  /** Forgets a run's gates once the run is over. */
  public static void forgetRun(String runId) {
    GATES.keySet().removeIf(k -> k.startsWith(runId + "|"));
  }

  /** Blocks until a request may start; pair with {@link #release()}. */
  public void acquire() throws InterruptedException {
    inFlight.acquire();
    if (intervalNanos <= 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      long slot = Math.max(now, nextSlotNanos);
      nextSlotNanos = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
    }
  }

  public void release() {
    if (intervalNanos > 0) {
      synchronized (this) {
        // Crawl-delay is the gap between the end of one request and the start of the next.
        nextSlotNanos = Math.max(nextSlotNanos, System.nanoTime() + intervalNanos);
      }
    }
    inFlight.release();
  }
}
