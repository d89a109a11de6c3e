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
    try (InferenceLog log = new InferenceLog(dir.resolve("inference"), 1 << 20, WAIT, gate);
        ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<?>> done = new ArrayList<>();
      done.add(pool.submit(() -> log.write(AT, line(0))));
      assertThat(gate.holding.await(10, TimeUnit.SECONDS)).as("the writer took the first write").isTrue();
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
      assertThat(log.syncs()).as("one sync for the held write, one for all queued behind it").isEqualTo(2);
    }
    assertThat(lines(dir.resolve("inference/dt=2026-01-02")))
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, writers).mapToObj(n -> "{\"n\":" + n + "}").toList());
  }

  @Test
  void aWriteThatTimesOutIsNotWrittenLater() throws Exception {
    Gate gate = new Gate();
    try (InferenceLog log = new InferenceLog(dir.resolve("inference"), 1 << 20, Duration.ofMillis(200), gate)) {
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
      log.write(Instant.parse("2026-01-02T23:59:59Z"), "{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8));
      log.write(Instant.parse("2026-01-02T23:59:59Z"), "{\"a\":3}\n".getBytes(StandardCharsets.UTF_8));
      log.write(Instant.parse("2026-01-03T00:00:01Z"), "{\"a\":4}\n".getBytes(StandardCharsets.UTF_8));
    }
    try (Stream<Path> day2 = Files.list(dir.resolve("inference/dt=2026-01-02"))) {
      assertThat(day2.map(p -> p.getFileName().toString()).toList())
          .as("a segment past 10 bytes rolls").hasSize(2).allMatch(n -> n.matches("part-\\d+-\\d+-\\d+\\.jsonl"));
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
