package dev.bookslake.pipelines.scrape.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live progress of a crawl in this JVM, logged every few seconds while it changes: pages done of
 * pages discovered, pages per second, not-modified answers and errors. Beam metrics reach the
 * driver only when a runner reports them, so workers log their own view.
 */
public final class CrawlProgress {
  private static final Logger LOG = LoggerFactory.getLogger(CrawlProgress.class);
  private static final Map<String, CrawlProgress> RUNS = new ConcurrentHashMap<>();
  private static volatile ScheduledExecutorService reporter;
  private static volatile long intervalSeconds = 5;

  private final String runId;
  private final long startedNanos = System.nanoTime();
  private final AtomicLong discovered = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong notModified = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private long lastReportedDone = -1;
  private long lastDone;
  private long lastNanos = System.nanoTime();

  private CrawlProgress(String runId) {
    this.runId = runId;
  }

  /** The progress of a run, created on first use; starts the reporter thread of this JVM. */
  public static CrawlProgress of(String runId, long reportEverySeconds) {
    intervalSeconds = Math.max(1, reportEverySeconds);
    ensureReporter();
    return RUNS.computeIfAbsent(runId, CrawlProgress::new);
  }

  /** Logs a last line for the run and stops tracking it. */
  public static void finish(String runId) {
    CrawlProgress progress = RUNS.remove(runId);
    if (progress != null) {
      progress.report(true);
    }
  }

  public void discovered(long n) {
    discovered.addAndGet(n);
  }

  public void fetched(boolean wasNotModified) {
    done.incrementAndGet();
    if (wasNotModified) {
      notModified.incrementAndGet();
    }
  }

  public void failed() {
    done.incrementAndGet();
    errors.incrementAndGet();
  }

  private static synchronized void ensureReporter() {
    if (reporter != null) {
      return;
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bookslake-crawl-progress");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleAtFixedRate(
        () -> RUNS.values().forEach(p -> p.report(false)), 1, 1, TimeUnit.SECONDS);
    reporter = executor;
  }

  private synchronized void report(boolean last) {
    long now = System.nanoTime();
    long d = done.get();
    if (!last && (d == lastReportedDone || now - lastNanos < intervalSeconds * 1_000_000_000L)) {
      return;
    }
    double windowSeconds = Math.max(1e-9, (now - lastNanos) / 1e9);
    double totalSeconds = Math.max(1e-9, (now - startedNanos) / 1e9);
    double rate = last ? d / totalSeconds : (d - lastDone) / windowSeconds;
    long total = Math.max(discovered.get(), d);
    LOG.info(
        String.format(
            "%s %s: %d/%d pages (%.0f%%), %.0f pages/s, %d not modified, %d errors",
            last ? "finished" : "progress",
            runId,
            d,
            total,
            total == 0 ? 0.0 : 100.0 * d / total,
            rate,
            notModified.get(),
            errors.get()));
    lastReportedDone = d;
    lastDone = d;
    lastNanos = now;
  }
}
