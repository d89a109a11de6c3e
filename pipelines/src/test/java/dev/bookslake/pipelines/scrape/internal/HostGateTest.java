package dev.bookslake.pipelines.scrape.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostGateTest {
  @Test
  void capsRequestsInFlight() throws Exception {
    HostGate gate = HostGate.of("cap-test", "http://h:1", 3, 0);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 40; i++) {
      pool.submit(
          () -> {
            gate.acquire();
            try {
              peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              Thread.sleep(5);
              inFlight.decrementAndGet();
            } finally {
              gate.release();
            }
            return null;
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(peak.get()).isEqualTo(3);
    HostGate.forgetRun("cap-test");
  }

  @Test
  void spacesRequestsByTheDelay() throws Exception {
    HostGate gate = HostGate.of("delay-test", "http://h:1", 8, 30);
    List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 6; i++) {
      pool.submit(
          () -> {
            gate.acquire();
            starts.add(System.nanoTime());
            gate.release();
            return null;
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    List<Long> sorted = new ArrayList<>(starts);
    Collections.sort(sorted);
    for (int i = 1; i < sorted.size(); i++) {
      assertThat((sorted.get(i) - sorted.get(i - 1)) / 1_000_000.0)
          .as("gap %d in ms", i)
          .isGreaterThanOrEqualTo(29.0);
    }
    HostGate.forgetRun("delay-test");
  }

  @Test
  void gatesAreSharedPerRunAndHost() {
    assertThat(HostGate.of("r1", "http://a:1", 2, 0))
        .isSameAs(HostGate.of("r1", "http://a:1", 2, 0));
    assertThat(HostGate.of("r1", "http://a:1", 2, 0))
        .isNotSameAs(HostGate.of("r2", "http://a:1", 2, 0));
    HostGate.forgetRun("r1");
    HostGate.forgetRun("r2");
  }
}
