package dev.bookslake.serving.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceLogTest {
  private static final Instant AT = Instant.parse("2026-01-02T10:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(10);
  @TempDir Path dir;

  /** A writer hook that holds the first commit until released. */
  private static final class Gate implements Runnable {
    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void run() {
      holding.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void writesQueuedDuringOneSyncShareTheNextAndEveryLineLandsOnce() throws Exception {
    int writers = 50;
    Gate gate = new Gate();
    try (InferenceLog log =
            new InferenceLog(
                dir.resolve("inference"), 1 << 20, WAIT, InferenceLog.Limits.DEFAULTS, gate);
        ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<?>> done = new ArrayList<>();
      done.add(pool.submit(() -> log.write(AT, line(0))));
      assertThat(gate.holding.await(10, TimeUnit.SECONDS))
          .as("the writer took the first write")
          .isTrue();
      for (int i = 1; i < writers; i++) {
        int n = i;
        done.add(pool.submit(() -> log.write(AT, line(n))));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (log.queued() < writers - 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(log.queued()).as("writes queued behind the held one").isEqualTo(writers - 1);
      gate.release.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      assertThat(log.lines()).isEqualTo(writers);
      assertThat(log.syncs())
          .as("one sync for the held write, one for all queued behind it")
          .isEqualTo(2);
    }
    assertThat(lines(dir.resolve("inference/dt=2026-01-02")))
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, writers).mapToObj(n -> "{\"n\":" + n + "}").toList());
  }

  @Test
  void aWriteThatTimesOutIsNotWrittenLater() throws Exception {
    Gate gate = new Gate();
    try (InferenceLog log =
        new InferenceLog(
            dir.resolve("inference"),
            1 << 20,
            Duration.ofMillis(200),
            InferenceLog.Limits.DEFAULTS,
            gate)) {
      assertThatThrownBy(() -> log.write(AT, line(1)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage("Cannot write inference log: no sync within PT0.2S");
      assertThatThrownBy(() -> log.write(AT, line(2))).isInstanceOf(UncheckedIOException.class);
      gate.release.countDown();
      log.write(AT, line(3));
      assertThat(log.failures()).isEqualTo(2);
      assertThat(log.lines()).isEqualTo(1);
    }
    assertThat(lines(dir.resolve("inference/dt=2026-01-02"))).containsExactly("{\"n\":3}");
  }

  @Test
  void partitionsByTheUtcDateAndRollsSegmentsBySize() throws Exception {
    try (InferenceLog log = new InferenceLog(dir.resolve("inference"), 10, WAIT)) {
      log.write(
          Instant.parse("2026-01-02T23:59:59Z"),
          "{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8));
      log.write(
          Instant.parse("2026-01-02T23:59:59Z"), "{\"a\":3}\n".getBytes(StandardCharsets.UTF_8));
      log.write(
          Instant.parse("2026-01-03T00:00:01Z"), "{\"a\":4}\n".getBytes(StandardCharsets.UTF_8));
    }
    try (Stream<Path> day2 = Files.list(dir.resolve("inference/dt=2026-01-02"))) {
      assertThat(day2.map(p -> p.getFileName().toString()).toList())
          .as("a segment past 10 bytes rolls")
          .hasSize(2)
          .allMatch(n -> n.matches("part-\\d+-\\d+-\\d+\\.jsonl"));
    }
    assertThat(lines(dir.resolve("inference/dt=2026-01-03"))).containsExactly("{\"a\":4}");
  }

  @Test
  void aFailedWriteIsReportedNotSwallowed() throws Exception {
    Path blocked = dir.resolve("not-a-folder");
    Files.writeString(blocked, "a file where the log folder should be");
    try (InferenceLog log = new InferenceLog(blocked, 1 << 20, WAIT)) {
      assertThatThrownBy(() -> log.write(Instant.now(), "{}\n".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("Cannot write inference log");
      assertThat(log.failures()).isEqualTo(1);
    }
  }

  @Test
  void aFullQueueRefusesAtOnceInsteadOfQueueingWithoutBound() throws Exception {
    Gate gate = new Gate();
    // Room for two 8-byte lines waiting while the writer is held.
    InferenceLog.Limits limits = new InferenceLog.Limits(16, 1 << 20, 30);
    try (InferenceLog log =
            new InferenceLog(dir.resolve("inference"), 1 << 20, WAIT, limits, gate);
        ExecutorService pool = Executors.newFixedThreadPool(3)) {
      Future<?> first = pool.submit(() -> log.write(AT, line(1)));
      assertThat(gate.holding.await(10, TimeUnit.SECONDS)).isTrue();
      Future<?> second = pool.submit(() -> log.write(AT, line(2)));
      Future<?> third = pool.submit(() -> log.write(AT, line(3)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (log.queued() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }

      assertThatThrownBy(() -> log.write(AT, line(4)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage(
              "Cannot write inference log: its queue is full (16 bytes waiting for the disk)");
      gate.release.countDown();
      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
      third.get(10, TimeUnit.SECONDS);
      log.write(AT, line(5));
    }
    assertThat(lines(dir.resolve("inference/dt=2026-01-02")))
        .containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":5}");
  }

  @Test
  void aDaysQuotaCountsEverySegmentOfTheDayAndTheNextDayStartsAfresh() throws Exception {
    Path root = dir.resolve("inference");
    // Another process's segment of the same day already holds 20 bytes.
    Files.createDirectories(root.resolve("dt=2026-01-02"));
    Files.writeString(root.resolve("dt=2026-01-02/part-1-1-0.jsonl"), "{\"n\":\"earlier one\"}\n");
    InferenceLog.Limits limits = new InferenceLog.Limits(1 << 20, 38, 30);
    try (InferenceLog log = new InferenceLog(root, 1 << 20, WAIT, limits)) {
      log.write(AT, line(10));
      log.write(AT, line(11));
      assertThatThrownBy(() -> log.write(AT, line(12)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage("Cannot write inference log: the quota of 38 bytes for 2026-01-02 is used");
      log.write(AT.plus(Duration.ofDays(1)), line(13));
    }
    assertThat(lines(root.resolve("dt=2026-01-02"))).hasSize(3);
    assertThat(lines(root.resolve("dt=2026-01-03"))).containsExactly("{\"n\":13}");
  }

  @Test
  void partitionsOlderThanTheRetentionAreRemovedWhenADayIsFirstWritten() throws Exception {
    Path root = dir.resolve("inference");
    for (String dt : List.of("2025-12-03", "2025-12-04", "2026-01-01")) {
      Files.createDirectories(root.resolve("dt=" + dt));
      Files.writeString(root.resolve("dt=" + dt + "/part-1-1-0.jsonl"), "{}\n");
    }
    Files.createDirectories(root.resolve("not-a-partition"));
    try (InferenceLog log =
        new InferenceLog(root, 1 << 20, WAIT, new InferenceLog.Limits(1 << 20, 1 << 20, 30))) {
      log.write(AT, line(1));
    }
    try (Stream<Path> kept = Files.list(root)) {
      assertThat(kept.map(p -> p.getFileName().toString()))
          .as("30 days back from 2026-01-02 is 2025-12-04")
          .containsExactlyInAnyOrder(
              "dt=2025-12-04", "dt=2026-01-01", "dt=2026-01-02", "not-a-partition");
    }
  }

  private static byte[] line(int n) {
    return ("{\"n\":" + n + "}\n").getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> lines(Path folder) throws Exception {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.sorted().toList()) {
        out.addAll(Files.readAllLines(f));
      }
    }
    return out;
  }
}
