package dev.bookslake.serving.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceLogTest {
  @TempDir Path dir;

  @Test
  void concurrentWritersShareSyncsAndEveryLineLands() throws Exception {
    try (InferenceLog log = new InferenceLog(dir.resolve("inference"), 1 << 20);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        done.add(pool.submit(() -> log.write(Instant.parse("2026-01-02T10:00:00Z"), ("{\"n\":" + n + "}\n").getBytes(StandardCharsets.UTF_8))));
      }
      for (Future<?> f : done) {
        f.get();
      }
      assertThat(log.lines()).isEqualTo(200);
      assertThat(log.syncs()).as("group commit").isLessThanOrEqualTo(200);
    }
    assertThat(lines(dir.resolve("inference/dt=2026-01-02"))).hasSize(200);
  }

  @Test
  void partitionsByTheUtcDateAndRollsSegmentsBySize() throws Exception {
    try (InferenceLog log = new InferenceLog(dir.resolve("inference"), 10)) {
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
    try (InferenceLog log = new InferenceLog(blocked, 1 << 20)) {
      assertThatThrownBy(() -> log.write(Instant.now(), "{}\n".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("Cannot write inference log");
      assertThat(log.failures()).isEqualTo(1);
    }
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
