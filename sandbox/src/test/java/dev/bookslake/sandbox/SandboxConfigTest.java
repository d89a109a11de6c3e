package dev.bookslake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxConfigTest {

  @Test
  void defaultsMatchTheDocumentedValues() {
    SandboxConfig config = SandboxConfig.defaults();
    assertThat(config).isEqualTo(new SandboxConfig("127.0.0.1", 0, 1000, 42, 0, FaultSpec.none(),
        MalformedSpec.none(), 0.0, List.of("/private/"), false, 30_000, 500));
  }

  @Test
  void everyWitherChangesOnlyItsField() {
    SandboxConfig base = SandboxConfig.defaults();
    FaultSpec faults = FaultSpec.parse("500=0.1");
    MalformedSpec malformed = MalformedSpec.parse("bad-upc=1");
    SandboxConfig changed = base.withHost("localhost").withPort(8123).withBooks(77).withSeed(9)
        .withDay(3).withFaults(faults).withMalformed(malformed).withCrawlDelaySeconds(1.5)
        .withDisallow(List.of("/a/", "/b/")).withRobots404(true).withTimeoutHoldMillis(10)
        .withSlowMillis(20);
    assertThat(changed).isEqualTo(new SandboxConfig("localhost", 8123, 77, 9, 3, faults, malformed,
        1.5, List.of("/a/", "/b/"), true, 10, 20));
    assertThat(base).isEqualTo(SandboxConfig.defaults());
  }

  @Test
  void disallowListIsCopied() {
    List<String> paths = new ArrayList<>(List.of("/x/"));
    SandboxConfig config = SandboxConfig.defaults().withDisallow(paths);
    paths.add("/y/");
    assertThat(config.disallow()).containsExactly("/x/");
  }

  @Test
  void rejectsValuesThatCannotServe() {
    SandboxConfig config = SandboxConfig.defaults();
    assertThatThrownBy(() -> config.withBooks(0)).hasMessage("Cannot configure sandbox with books: 0");
    assertThatThrownBy(() -> config.withDay(-1)).hasMessage("Cannot configure sandbox with day: -1");
    assertThatThrownBy(() -> config.withPort(70000))
        .hasMessage("Cannot configure sandbox with port: 70000");
    assertThatThrownBy(() -> config.withCrawlDelaySeconds(-1))
        .hasMessage("Cannot configure sandbox with crawl delay: -1.0");
    assertThatThrownBy(() -> config.withDisallow(List.of("private")))
        .hasMessage("Cannot configure sandbox with disallow path: private");
    assertThatThrownBy(() -> config.withSlowMillis(-5))
        .hasMessage("Cannot configure sandbox with slow delay: -5");
  }
}
