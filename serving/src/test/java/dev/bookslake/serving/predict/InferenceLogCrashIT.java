package dev.bookslake.serving.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.ml.inference.InferenceLogFormat;
import dev.bookslake.ml.inference.InferenceRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} a process writing the inference log at random points, many times: every line it
 * acknowledged (the API answers a prediction only after that) is in the log afterwards, a torn last
 * line costs at most one skipped line per segment, and the monitor's reader reads the rest. A
 * killed process cannot lose what the kernel already holds, so this checks the order (a batch is
 * acknowledged only once written) and the reader's tolerance of torn lines; the {@code fsync}
 * before the acknowledgement is for power loss, which no test here can cause.
 *
 * <p>{@code -Dbookslake.crash.iterations=N} and {@code -Dbookslake.crash.seed=S} as in the cli's
 * {@code CrashIT}.
 */
class InferenceLogCrashIT {
  private static final Instant AT = Instant.parse("2026-01-02T10:00:00Z");
  private static final int ITERATIONS = Integer.getInteger("bookslake.crash.iterations", 6);
  private static final long SEED = Long.getLong("bookslake.crash.seed", System.nanoTime());

  @TempDir Path dir;

  /**
   * The killed process: writes batches through the server's writer, printing each one acknowledged.
   */
  public static final class Writer {
    private Writer() {}

    public static void main(String[] args) throws Exception {
      Path root = Path.of(args[0]);
      String prefix = args[1];
      try (InferenceLog log = new InferenceLog(root, 64 << 10, Duration.ofSeconds(10))) {
        for (int i = 0; ; i++) {
          List<InferenceRecord> batch = new ArrayList<>();
          for (int b = 0; b < 5; b++) {
            batch.add(
                new InferenceRecord(
                    prefix + "-" + i,
                    AT,
                    "rating",
                    1,
                    "book-" + b,
                    Map.of("category", "Travel"),
                    new float[] {i, b, 0.5f},
                    3f,
                    new float[] {0.1f, 0.2f, 0.7f},
                    "192.0.2.1"));
          }
          log.write(AT, InferenceLogFormat.encode(batch));
          System.out.println("ack " + prefix + "-" + i);
          System.out.flush();
        }
      }
    }
  }

  @Test
  void everyAcknowledgedLineSurvivesAKillAndTheLogStillReads() throws Exception {
    System.out.println("InferenceLogCrashIT seed " + SEED + ", iterations " + ITERATIONS);
    Random random = new Random(SEED);
    Path root = dir.resolve("inference");
    Set<String> acknowledged = new HashSet<>();
    for (int run = 0; run < ITERATIONS; run++) {
      Process writer =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Writer.class.getName(),
                  root.toString(),
                  "run" + run)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300 + random.nextInt(1200));
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
        while (System.nanoTime() < killAt) {
          if (out.ready()) {
            String line = out.readLine();
            if (line != null && line.startsWith("ack ")) {
              acknowledged.add(line.substring(4));
            }
          } else {
            Thread.sleep(1);
          }
        }
        writer.destroyForcibly();
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    }

    Set<String> logged = new HashSet<>();
    InferenceLogFormat.ReadSummary summary =
        InferenceLogFormat.read(root, InferenceLogFormat.dt(AT), r -> logged.add(r.requestId()));
    assertThat(acknowledged)
        .as("the writers acknowledged batches before they were killed")
        .isNotEmpty();
    assertThat(logged).as("every acknowledged batch is in the log").containsAll(acknowledged);
    assertThat(summary.skipped())
        .as("at most a torn last line per segment")
        .isLessThanOrEqualTo(summary.files());
    assertThat(summary.records()).isGreaterThanOrEqualTo(5L * acknowledged.size());
  }
}
