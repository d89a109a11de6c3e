package dev.bookslake.pipelines.scrape.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunResourcesTest {
  @Test
  void aRunsGatesLastUntilItsLastUserInThisJvmIsTornDown() {
    String run = "resources-test";
    RunResources.retain(run);
    RunResources.retain(run);
    HostGate gate = HostGate.of(run, "http://h:1", 2, 0);

    RunResources.release(run);
    assertThat(RunResources.holds(run)).isTrue();
    assertThat(HostGate.of(run, "http://h:1", 2, 0)).as("still the run's gate").isSameAs(gate);

    RunResources.release(run);
    assertThat(RunResources.holds(run)).isFalse();
    assertThat(HostGate.of(run, "http://h:1", 2, 0)).as("a fresh gate").isNotSameAs(gate);
    RunResources.forget(run);
  }
}
