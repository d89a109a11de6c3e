package dev.bookslake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BeamArgsTest {
  @Test
  void kebabCaseBecomesBeamCamelCase() {
    assertThat(BeamArgs.normalize(new String[] {
        "--run-date", "2026-01-01", "--flink-master=[local]", "--runner", "FlinkRunner", "--dry", "--lake", "x"}))
        .containsExactly("--runDate=2026-01-01", "--flinkMaster=[local]", "--runner=FlinkRunner", "--dry", "--lake=x");
  }

  @Test
  void strayPositionalArgumentsAreRejected() {
    assertThatThrownBy(() -> BeamArgs.normalize(new String[] {"scrape"}))
        .hasMessage("Cannot parse argument (options start with --): scrape");
  }
}
