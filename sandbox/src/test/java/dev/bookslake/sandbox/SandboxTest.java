package dev.bookslake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The sandbox command's options; ./bookslake's own tests cover how it reports the errors. */
class SandboxTest {

  private static SandboxConfig parse(String... args) {
    Sandbox sandbox =
        new Sandbox(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    new CommandLine(sandbox).parseArgs(args);
    return sandbox.config();
  }

  @Test
  void parsesEveryFlag() {
    SandboxConfig config =
        parse(
            "--host",
            "0.0.0.0",
            "--port",
            "9001",
            "--books",
            "5000",
            "--seed",
            "-7",
            "--day",
            "4",
            "--faults",
            "500=0.05,404=0.01",
            "--malformed",
            "bad-upc=2",
            "--crawl-delay",
            "0.5",
            "--disallow",
            "/private/,/admin/",
            "--robots-404",
            "--timeout-hold-ms",
            "1000",
            "--slow-ms=250");
    assertThat(config)
        .isEqualTo(
            new SandboxConfig(
                "0.0.0.0",
                9001,
                5000,
                -7,
                4,
                FaultSpec.parse("500=0.05,404=0.01"),
                MalformedSpec.parse("bad-upc=2"),
                0.5,
                List.of("/private/", "/admin/"),
                true,
                1000,
                250));
  }

  @Test
  void unsetFlagsKeepTheDefaultsButThePortIs8000() {
    assertThat(parse()).isEqualTo(SandboxConfig.builder().port(Sandbox.DEFAULT_PORT).build());
    assertThat(parse("--disallow", "").disallow()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--books abc | Cannot parse --books: abc",
        "--books 0 | Cannot parse --books: 0",
        "--day -2 | Cannot parse --day: -2",
        "--port 99999 | Cannot parse --port: 99999",
        "--faults 500=lots | Cannot parse --faults: 500=lots",
        "--malformed bad-upc=x | Cannot parse --malformed: bad-upc=x",
        "--crawl-delay soon | Cannot parse --crawl-delay: soon",
        "--disallow private | Cannot parse --disallow: private"
      })
  void rejectsValuesTheConfigRefuses(String line, String message) {
    assertThatThrownBy(() -> parse(line.split(" ")))
        .isInstanceOf(ParameterException.class)
        .hasMessage(message);
  }
}
