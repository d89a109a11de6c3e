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
    assertThat(config)
        .isEqualTo(
            new SandboxConfig(
                "127.0.0.1",
                0,
                1000,
                42,
                0,
                FaultSpec.none(),
                MalformedSpec.none(),
                0.0,
                List.of("/private/"),
                false,
                30_000,
                500));
    assertThat(SandboxConfig.builder().build())
        .as("a builder starts from the defaults")
        .isEqualTo(config);
  }

  @Test
  void everyBuilderSetterChangesOnlyItsField() {
    SandboxConfig base = SandboxConfig.defaults();
    FaultSpec faults = FaultSpec.parse("500=0.1");
    MalformedSpec malformed = MalformedSpec.parse("bad-upc=1");
    SandboxConfig changed =
        base.toBuilder()
            .host("localhost")
            .port(8123)
            .books(77)
            .seed(9)
            .day(3)
            .faults(faults)
            .malformed(malformed)
            .crawlDelaySeconds(1.5)
            .disallow(List.of("/a/", "/b/"))
            .robots404(true)
            .timeoutHoldMillis(10)
            .slowMillis(20)
            .build();
    assertThat(changed)
        .isEqualTo(
            new SandboxConfig(
                "localhost",
                8123,
                77,
                9,
                3,
                faults,
                malformed,
                1.5,
                List.of("/a/", "/b/"),
                true,
                10,
                20));
    assertThat(base).isEqualTo(SandboxConfig.defaults());
  }

  @Test
  void disallowListIsCopied() {
    List<String> paths = new ArrayList<>(List.of("/x/"));
    SandboxConfig config = SandboxConfig.builder().disallow(paths).build();
    paths.add("/y/");
    assertThat(config.disallow()).containsExactly("/x/");
  }

  @Test
  void rejectsValuesThatCannotServe() {
    SandboxConfig config = SandboxConfig.defaults();
    assertThatThrownBy(() -> config.toBuilder().books(0).build())
        .hasMessage("Cannot configure sandbox with books: 0");
    assertThatThrownBy(() -> config.toBuilder().day(-1).build())
        .hasMessage("Cannot configure sandbox with day: -1");
    assertThatThrownBy(() -> config.toBuilder().port(70000).build())
        .hasMessage("Cannot configure sandbox with port: 70000");
    assertThatThrownBy(() -> config.toBuilder().crawlDelaySeconds(-1).build())
        .hasMessage("Cannot configure sandbox with crawl delay: -1.0");
    assertThatThrownBy(() -> config.toBuilder().disallow(List.of("private")).build())
        .hasMessage("Cannot configure sandbox with disallow path: private");
    assertThatThrownBy(() -> config.toBuilder().slowMillis(-5).build())
        .hasMessage("Cannot configure sandbox with slow delay: -5");
  }
}
