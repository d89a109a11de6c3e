package dev.bookslake.pipelines.scrape.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunResourcesTest {
  @Test
  void aRunsGatesOutliveItsLastUserForTheGraceThenGo() {
    String run = "resources-test";
    RunResources.retain(run);
    RunResources.retain(run);
    HostGate gate = HostGate.of(run, "http://h:1", 2, 0);

    RunResources.release(run);
    RunResources.release(run);
    assertThat(RunResources.holds(run)).as("idle, within the grace").isTrue();
    assertThat(HostGate.of(run, "http://h:1", 2, 0))
        .as("a task of the run starting now in this JVM gets the same gate")
        .isSameAs(gate);

    RunResources.evictIdle(System.nanoTime() + RunResources.GRACE_NANOS);
    assertThat(RunResources.holds(run)).isFalse();
    assertThat(HostGate.of(run, "http://h:1", 2, 0)).as("a fresh gate").isNotSameAs(gate);
    RunResources.forget(run);
  }

  @Test
  void aRunInUseIsNeverEvicted() {
    String run = "resources-in-use";
    RunResources.retain(run);
    HostGate gate = HostGate.of(run, "http://h:1", 2, 0);

    RunResources.evictIdle(System.nanoTime() + 2 * RunResources.GRACE_NANOS);
    assertThat(RunResources.holds(run)).isTrue();
    assertThat(HostGate.of(run, "http://h:1", 2, 0)).isSameAs(gate);
    RunResources.release(run);
    RunResources.forget(run);
  }
}
