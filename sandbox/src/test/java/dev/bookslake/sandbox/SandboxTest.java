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

class SandboxTest {

  @Test
  void parsesEveryFlag() {
    SandboxConfig config = Sandbox.parseArgs(new String[] {
        "--host", "0.0.0.0", "--port", "9001", "--books", "5000", "--seed", "-7", "--day", "4",
        "--faults", "500=0.05,404=0.01", "--malformed", "bad-upc=2", "--crawl-delay", "0.5",
        "--disallow", "/private/,/admin/", "--robots-404", "--timeout-hold-ms", "1000",
        "--slow-ms=250"});
    assertThat(config).isEqualTo(new SandboxConfig("0.0.0.0", 9001, 5000, -7, 4,
        FaultSpec.parse("500=0.05,404=0.01"), MalformedSpec.parse("bad-upc=2"), 0.5,
        List.of("/private/", "/admin/"), true, 1000, 250));
  }

  @Test
  void unsetFlagsKeepTheDefaultsButThePortIs8000() {
    assertThat(Sandbox.parseArgs(new String[0]))
        .isEqualTo(SandboxConfig.builder().port(Sandbox.DEFAULT_PORT).build());
    assertThat(Sandbox.parseArgs(new String[] {"--disallow", ""}).disallow()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--books abc | Cannot parse --books: abc",
      "--books 0 | Cannot parse --books: 0",
      "--day -2 | Cannot parse --day: -2",
      "--port 99999 | Cannot parse --port: 99999",
      "--faults 500=lots | Cannot parse --faults: 500=lots",
      "--malformed bad-upc=x | Cannot parse --malformed: bad-upc=x",
      "--crawl-delay soon | Cannot parse --crawl-delay: soon",
      "--books | Cannot parse --books: (missing value)",
      "--colour blue | Cannot parse argument: --colour",
      "--robots-404=yes | Cannot parse --robots-404: yes"})
  void rejectsBadArguments(String line, String message) {
    assertThatThrownBy(() -> Sandbox.parseArgs(line.split(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void badArgumentsExitWithTwoAndSayWhy() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Sandbox.run(new String[] {"--books", "abc"}, print(out), print(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Cannot parse --books: abc\n");
    assertThat(out.size()).isZero();
  }

  @Test
  void helpPrintsTheOptions() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Sandbox.run(new String[] {"--help"}, print(out), print(new ByteArrayOutputStream()));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--books N", "--faults SPEC", "--malformed SPEC", "--robots-404", "--slow-ms N");
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
