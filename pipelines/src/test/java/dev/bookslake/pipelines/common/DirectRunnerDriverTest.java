package dev.bookslake.pipelines.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/**
 * The DirectRunner's driver waits for work instead of spinning (pipelines/src/patch: Beam's {@code
 * QuiescenceDriver} with a wait, https://github.com/apache/beam/issues/18070).
 */
class DirectRunnerDriverTest {
  private static final String WORKER_THREAD = "direct-runner-worker";

  /**
   * While a bundle sleeps, the runner's other worker threads (the driver among them) use next to no
   * CPU. Upstream's driver resubmits itself the moment it returns: a core's worth (~1.5 s of CPU
   * over the 1.5 s sleep, at least half of that on two busy cores).
   */
  @Test
  void theDriverIdlesWhileABundleRuns() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);

    PCollection<Long> driverCpuMillis =
        p.apply("One element", Create.of(1))
            .apply("Sleep and meter the other workers", ParDo.of(new MeteredSleepFn(1_500)));

    PAssert.thatSingleton(driverCpuMillis)
        .satisfies(
            cpu -> {
              assertThat(cpu).as("CPU ms of the other direct-runner workers").isLessThan(300L);
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** Sleeps, then outputs the CPU milliseconds the runner's other worker threads used meanwhile. */
  static final class MeteredSleepFn extends DoFn<Integer, Long> {
    private final long sleepMillis;

    MeteredSleepFn(long sleepMillis) {
      this.sleepMillis = sleepMillis;
    }

    @ProcessElement
    public void process(OutputReceiver<Long> out) throws InterruptedException {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      List<Long> others =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().equals(WORKER_THREAD) && t != Thread.currentThread())
              .map(Thread::threadId)
              .toList();
      if (others.isEmpty()) {
        throw new IllegalStateException("Cannot find the runner's other threads: " + WORKER_THREAD);
      }
      long before = cpuNanos(threads, others);
      Thread.sleep(sleepMillis);
      out.output((cpuNanos(threads, others) - before) / 1_000_000);
    }

    private static long cpuNanos(ThreadMXBean threads, List<Long> ids) {
      return ids.stream().mapToLong(id -> Math.max(0, threads.getThreadCpuTime(id))).sum();
    }
  }
}
