package dev.bookslake.serving.snapshot;

import dev.bookslake.lake.Lake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Holds the gold snapshot in force and switches to a new one without a restart.
 *
 * <p>A poller reads the lake's Iceberg catalog every {@code poll-interval}. When they name new
 * table versions, and still name the same ones one poll later (a pipeline publishes its gold tables
 * one after another), it loads the new snapshot aside and swaps one reference. Requests that
 * already hold the old snapshot finish on it; its last release closes it.
 *
 * <pre>{@code
 * SnapshotStore store = new SnapshotStore(Lake.open("lake/warehouse"), Duration.ofSeconds(5));
 * store.start();
 * GoldSnapshot snapshot = store.acquire(); // null until a gold snapshot exists
 * try { ... } finally { snapshot.release(); }
 * }</pre>
 */
public final class SnapshotStore implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SnapshotStore.class.getName());
  private static final Duration RETRY_FAILED_AFTER = Duration.ofMinutes(1);

  private final Lake lake;
  private final Duration pollInterval;
  private final Path scratch;
  private final AtomicReference<GoldSnapshot> current = new AtomicReference<>();
  private final AtomicLong loads = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile double lastLoadSeconds;
  private volatile @Nullable Instant lakeCommittedAt;
  private ScheduledExecutorService poller;
  private String loadedKey;
  private String seenKey;
  private String failedKey;
  private long failedAtNanos;

  public SnapshotStore(Lake lake, Duration pollInterval) {
    this.lake = lake;
    this.pollInterval = pollInterval;
    try {
      this.scratch = Files.createTempDirectory("bookslake-serving-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create scratch folder for exports", e);
    }
  }

  public Lake lake() {
    return lake;
  }

  /** Loads the current snapshot now (if any) and starts polling for new ones. */
  public void start() {
    refresh();
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bookslake-snapshot-poller");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(50, pollInterval.toMillis());
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** The snapshot in force, retained for the caller, or null while none is loaded. */
  public GoldSnapshot acquire() {
    while (true) {
      GoldSnapshot s = current.get();
      if (s == null || s.retain()) {
        return s;
      }
      // It was retired between the read and the retain: the next read sees its successor.
      Thread.onSpinWait();
    }
  }

  /** The snapshot in force without retaining it, for figures such as its dt. */
  public Optional<GoldSnapshot> peek() {
    return Optional.ofNullable(current.get());
  }

  public long loads() {
    return loads.get();
  }

  public long failures() {
    return failures.get();
  }

  public double lastLoadSeconds() {
    return lastLoadSeconds;
  }

  /** Loads the lake's current snapshot right away if it differs from the one in force. */
  public synchronized boolean refresh() {
    Optional<Fingerprint> fp = readPointers();
    if (fp.isEmpty() || fp.get().key().equals(loadedKey)) {
      return false;
    }
    return load(fp.get());
  }

  /** One poll: loads new pointers once they have been stable for one interval. */
  synchronized void poll() {
    try {
      Optional<Fingerprint> fp = readPointers();
      String key = fp.map(Fingerprint::key).orElse(null);
      String previous = seenKey;
      seenKey = key;
      if (key == null || key.equals(loadedKey) || !key.equals(previous)) {
        return;
      }
      if (key.equals(failedKey)
          && System.nanoTime() - failedAtNanos < RETRY_FAILED_AFTER.toNanos()) {
        return;
      }
      load(fp.get());
    } catch (RuntimeException e) {
      // The poller must survive an unreadable catalog or table; the next poll tries again.
      LOG.log(Level.WARNING, "Cannot poll lake {0}: {1}", lake.root(), e.toString());
    }
  }

  /**
   * When the newest {@code gold.books} partition the lake has was committed, as the last poll read
   * it: later than the snapshot in force while a new one waits for its stable poll, or failed to
   * load. Empty until a poll found gold.
   */
  public Optional<Instant> lakeCommittedAt() {
    return Optional.ofNullable(lakeCommittedAt);
  }

  private Optional<Fingerprint> readPointers() {
    Optional<Fingerprint> fp = SnapshotLoader.fingerprint(lake);
    fp.map(f -> f.snapshots().get(GoldSnapshot.BOOKS))
        .ifPresent(books -> lakeCommittedAt = books.committedAt());
    return fp;
  }

  private boolean load(Fingerprint fp) {
    long start = System.nanoTime();
    GoldSnapshot next;
    try {
      next = SnapshotLoader.load(fp, scratch);
    } catch (Exception e) {
      failures.incrementAndGet();
      failedKey = fp.key();
      failedAtNanos = System.nanoTime();
      LOG.log(
          Level.ERROR,
          "Cannot load gold snapshot dt={0} from {1}: {2}",
          fp.dt(),
          lake.root(),
          e.toString());
      return false;
    }
    lastLoadSeconds = (System.nanoTime() - start) / 1e9;
    loadedKey = fp.key();
    loads.incrementAndGet();
    GoldSnapshot old = current.getAndSet(next);
    if (old != null) {
      old.release();
    }
    LOG.log(
        Level.INFO,
        "Serving gold snapshot dt={0} tag={1} ({2} books, {3} tables) loaded in {4} ms",
        next.dt(),
        next.tag(),
        Integer.toString(next.catalog().size()),
        Integer.toString(next.tables().size()),
        Long.toString(Math.round(lastLoadSeconds * 1000)));
    return true;
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
    GoldSnapshot old = current.getAndSet(null);
    if (old != null) {
      old.release();
    }
    try {
      // Empty once every snapshot has deleted its exports; a leftover is harmless.
      Files.deleteIfExists(scratch);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Cannot delete scratch folder {0}", scratch);
    }
  }
}
