package dev.bookslake.serving.predict;

import dev.bookslake.lake.DurableFiles;
import dev.bookslake.ml.inference.InferenceLogFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable inference log: every prediction served, one NDJSON line per book, in {@code
 * <lake>/logs/inference/dt=YYYY-MM-DD/part-<startMillis>-<pid>-<n>.jsonl} (dt = the UTC date of the
 * prediction). The folders, file names and lines are {@link InferenceLogFormat}'s, which {@code
 * bookslake monitor} reads with; analysts read it with DuckDB:
 *
 * <pre>
 * SELECT model, version, count(*) FROM read_json_auto('lake/warehouse/logs/inference/*&#47;*.jsonl') GROUP BY ALL;
 * </pre>
 *
 * <p>{@link #write} returns only once the lines are on disk ({@code FileChannel.force}), or fails
 * after {@code wait}; the writer then drops the abandoned lines instead of writing them after the
 * request was answered 503 (only lines it had already begun writing still land). One writer thread
 * commits in groups: it takes every batch queued while the previous force ran and writes them with
 * one write and one force, so concurrent requests share the cost of a sync instead of queueing for
 * one each. Segments roll at a date change and past {@code maxSegmentBytes}; each process writes
 * its own segments, so two servers never append to one file.
 */
public final class InferenceLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(InferenceLog.class.getName());

  private record Batch(LocalDate dt, byte[] lines, CompletableFuture<Void> done) {}

  /**
   * What the log may hold: bytes queued for the writer (beyond them a prediction is refused at
   * once, not queued without bound), bytes per UTC day across every segment of that day (a client
   * flooding predictions cannot fill the disk), and days kept (older partitions are deleted).
   */
  public record Limits(long maxQueuedBytes, long maxBytesPerDay, int retentionDays) {
    /** 16 MiB queued, 1 GiB a day, 30 days. */
    public static final Limits DEFAULTS = new Limits(16L << 20, 1L << 30, 30);

    public Limits {
      if (maxQueuedBytes < 1 || maxBytesPerDay < 1 || retentionDays < 1) {
        throw new IllegalArgumentException(
            "Cannot limit the inference log to nothing: "
                + maxQueuedBytes
                + " queued bytes, "
                + maxBytesPerDay
                + " bytes a day, "
                + retentionDays
                + " days");
      }
    }
  }

  private final Path root;
  private final long maxSegmentBytes;
  private final long startMillis = System.currentTimeMillis();
  private final long pid = ProcessHandle.current().pid();
  private final Duration wait;
  private final Runnable beforeCommit;
  private final Limits limits;
  private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final Thread writer;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong lines = new AtomicLong();
  private final AtomicLong syncs = new AtomicLong();
  private volatile boolean closed;
  // Touched by the writer thread only.
  private FileChannel segment;
  private LocalDate segmentDt;
  private long segmentBytes;
  private int segmentCount;
  private LocalDate quotaDt;
  private long quotaBytes;

  /**
   * @param root the log's folder, {@code <lake>/logs/inference}
   * @param maxSegmentBytes the size past which a new segment file is started
   * @param wait how long a write waits for its lines to be forced before it fails
   */
  public InferenceLog(Path root, long maxSegmentBytes, Duration wait) {
    this(root, maxSegmentBytes, wait, Limits.DEFAULTS);
  }

  /**
   * @param limits the queue, per-day and retention bounds
   */
  public InferenceLog(Path root, long maxSegmentBytes, Duration wait, Limits limits) {
    this(root, maxSegmentBytes, wait, limits, () -> {});
  }

  /**
   * @param beforeCommit run by the writer after taking a group, before writing it (tests hold it
   *     here)
   */
  InferenceLog(
      Path root, long maxSegmentBytes, Duration wait, Limits limits, Runnable beforeCommit) {
    this.root = root;
    this.maxSegmentBytes = maxSegmentBytes;
    this.wait = wait;
    this.limits = limits;
    this.beforeCommit = beforeCommit;
    this.writer = Thread.ofPlatform().name("bookslake-inference-log").daemon().start(this::run);
  }

  public Path root() {
    return root;
  }

  /**
   * Appends NDJSON lines (each ending in a newline; {@link InferenceLogFormat#encode}) for
   * predictions made at {@code at}, and returns once they are written and forced to disk.
   *
   * @throws UncheckedIOException when they could not be made durable
   */
  public void write(Instant at, byte[] ndjson) {
    if (closed) {
      throw failure("it is closed");
    }
    if (queuedBytes.addAndGet(ndjson.length) > limits.maxQueuedBytes()) {
      queuedBytes.addAndGet(-ndjson.length);
      failures.incrementAndGet();
      throw failure(
          "its queue is full (" + limits.maxQueuedBytes() + " bytes waiting for the disk)");
    }
    Batch batch = new Batch(InferenceLogFormat.dt(at), ndjson, new CompletableFuture<>());
    queue.add(batch);
    try {
      batch.done().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Abandoned: the writer skips a batch whose future is done, so these lines are not
      // written after the request is answered 503.
      batch.done().completeExceptionally(new IOException("no sync within " + wait));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      batch.done().completeExceptionally(new IOException("interrupted"));
    } catch (ExecutionException e) {
      // Reported below.
    }
    // Not exceptional also when the writer made it durable just as the wait ran out.
    if (!batch.done().isCompletedExceptionally()) {
      return;
    }
    failures.incrementAndGet();
    Throwable cause = batch.done().exceptionNow();
    throw new UncheckedIOException(
        "Cannot write inference log: " + cause.getMessage(),
        cause instanceof IOException io ? io : new IOException(cause));
  }

  private static UncheckedIOException failure(String why) {
    String message = "Cannot write inference log: " + why;
    return new UncheckedIOException(message, new IOException(message));
  }

  /** Writes that failed since start (each answered 503). */
  public long failures() {
    return failures.get();
  }

  /** Lines made durable since start. */
  public long lines() {
    return lines.get();
  }

  /** Forces since start; lines / syncs is the group-commit factor. */
  public long syncs() {
    return syncs.get();
  }

  /** Batches waiting for the writer. */
  int queued() {
    return queue.size();
  }

  private void run() {
    List<Batch> group = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Batch first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group);
        for (Batch taken : group) {
          queuedBytes.addAndGet(-taken.lines().length);
        }
        commit(group);
      } catch (InterruptedException e) {
        closed = true;
      } finally {
        group.clear();
      }
    }
    queue.forEach(b -> b.done().completeExceptionally(new IOException("inference log closed")));
    closeSegment();
  }

  private void commit(List<Batch> group) {
    beforeCommit.run();
    group.removeIf(b -> b.done().isDone());
    int i = 0;
    while (i < group.size()) {
      // Consecutive batches of one date share a write; a date change rolls the segment.
      LocalDate dt = group.get(i).dt();
      int end = i;
      while (end < group.size() && group.get(end).dt().equals(dt)) {
        end++;
      }
      List<Batch> sameDay = group.subList(i, end);
      try {
        append(dt, sameDay);
        sameDay.forEach(b -> b.done().complete(null));
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.ERROR, "Cannot write inference log under {0}: {1}", root, e.toString());
        // A failed write may leave a torn line: later lines go to a fresh segment.
        closeSegment();
        sameDay.forEach(b -> b.done().completeExceptionally(e));
      }
      i = end;
    }
  }

  private void append(LocalDate dt, List<Batch> batches) throws IOException {
    long incoming = batches.stream().mapToLong(b -> b.lines().length).sum();
    if (!dt.equals(quotaDt)) {
      quotaDt = dt;
      quotaBytes = bytesLogged(dt);
      removeExpired(dt);
    }
    if (quotaBytes + incoming > limits.maxBytesPerDay()) {
      throw new IOException(
          "the quota of " + limits.maxBytesPerDay() + " bytes for " + dt + " is used");
    }
    if (segment == null || !dt.equals(segmentDt) || segmentBytes >= maxSegmentBytes) {
      openSegment(dt);
    }
    ByteBuffer[] buffers = new ByteBuffer[batches.size()];
    long newLines = 0;
    for (int i = 0; i < buffers.length; i++) {
      byte[] bytes = batches.get(i).lines();
      buffers[i] = ByteBuffer.wrap(bytes);
      for (byte b : bytes) {
        if (b == '\n') {
          newLines++;
        }
      }
    }
    long written = DurableFiles.append(segment, buffers);
    segmentBytes += written;
    quotaBytes += written;
    lines.addAndGet(newLines);
    syncs.incrementAndGet();
  }

  private void openSegment(LocalDate dt) throws IOException {
    closeSegment();
    Path dir = InferenceLogFormat.partition(root, dt);
    boolean newDir = !Files.isDirectory(dir);
    Files.createDirectories(dir);
    Path file = dir.resolve(InferenceLogFormat.segmentName(startMillis, pid, segmentCount++));
    segment = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    segmentDt = dt;
    segmentBytes = 0;
    // The new file's directory entry (and a new dt folder's) must survive a crash as well.
    forceDirectory(dir);
    if (newDir) {
      forceDirectory(root);
    }
  }

  /** What every process has logged for a day so far: the quota is per day, not per process. */
  private long bytesLogged(LocalDate dt) throws IOException {
    Path dir = InferenceLogFormat.partition(root, dt);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = Files.list(dir)) {
      long total = 0;
      for (Path file : files.filter(InferenceLogFormat::isSegment).toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }

  /** Deletes the partitions older than the retention, counted back from the day being written. */
  private void removeExpired(LocalDate today) {
    LocalDate oldestKept = today.minusDays(limits.retentionDays() - 1L);
    if (!Files.isDirectory(root)) {
      return;
    }
    try (var partitions = Files.list(root)) {
      for (Path dir : partitions.filter(Files::isDirectory).toList()) {
        LocalDate dt = InferenceLogFormat.partitionDate(dir).orElse(null);
        if (dt != null && dt.isBefore(oldestKept)) {
          DurableFiles.deleteTree(dir);
          LOG.log(
              Level.INFO,
              "Removed inference log of {0}: older than {1} days",
              dt,
              limits.retentionDays());
        }
      }
    } catch (IOException e) {
      LOG.log(
          Level.WARNING, "Cannot remove expired inference log under {0}: {1}", root, e.toString());
    }
  }

  private static void forceDirectory(Path dir) {
    try {
      DurableFiles.syncFolder(dir);
    } catch (IOException e) {
      // Some file systems cannot open a directory for sync; the file's own force still holds.
      LOG.log(Level.DEBUG, "Cannot sync directory {0}: {1}", dir, e.toString());
    }
  }

  private void closeSegment() {
    if (segment != null) {
      try {
        segment.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Cannot close inference log segment: {0}", e.toString());
      }
      segment = null;
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      writer.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
