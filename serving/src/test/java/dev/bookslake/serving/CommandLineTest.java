package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code ./bookslake serve} and {@code hash-password} up to the point a server would start. */
class CommandLineTest {
  private record Result(int exitCode, String out, String err) {}

  private static Result serve(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine("./bookslake serve")
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpNamesTheLauncherAndListsEveryOptionAndTheEnvironment() {
    Result help = serve("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .startsWith("Usage: ./bookslake serve ")
        .contains(
            "--lake=DIR",
            "--port=N",
            "--host=ADDR",
            "--config=FILE",
            "--poll-interval=DURATION",
            "--demo")
        .contains("hash-password", "Environment: BOOKSLAKE_LAKE, BOOKSLAKE_PORT");
    assertThat(serve("hash-password", "--help").out())
        .startsWith("Usage: ./bookslake serve hash-password ")
        .contains("--iterations=N", "210000", "USERNAME");
    assertThat(Main.commandLine("java -jar bookslake-serving.jar").getUsageMessage())
        .startsWith("Usage: java -jar bookslake-serving.jar ");
  }

  @Test
  void optionsGivenOverrideTheirConfigurationKeys() {
    Main.Options options = new Main.Options();
    new CommandLine(options)
        .parseArgs(
            "--lake",
            "/data/lake",
            "--port=9090",
            "--poll-interval",
            "PT1S",
            "--config",
            "extra.yaml",
            "--demo");
    assertThat(options.overrides())
        .containsExactly(
            Map.entry("lake.root", "/data/lake"),
            Map.entry("server.port", "9090"),
            Map.entry("lake.poll-interval", "PT1S"));
    assertThat(options.configFile).isEqualTo(Path.of("extra.yaml"));
    assertThat(options.demo).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--colour blue | Cannot use unknown option: --colour",
        "--lake | Cannot use --lake without a value",
        "hash-password | Cannot run hash-password without USERNAME",
        "hash-password --iterations many alice | Cannot parse --iterations: many",
        "hash-password alice bob | Cannot parse argument: bob"
      })
  void refusedArgumentsExitTwoWithTheReasonAndTheUsage(String line, String message) {
    Result result = serve(line.split(" "));
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith(message + "\n").contains("Usage: ./bookslake serve");
  }

  @Test
  void hashPasswordPrintsAUsersFileLineForThePasswordOnStandardInput() {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("correct horse\n".getBytes(StandardCharsets.UTF_8)));
      Result line = serve("hash-password", "alice");
      assertThat(line.exitCode()).as(line.err()).isZero();
      assertThat(line.out()).startsWith("alice:pbkdf2-sha256:210000:").doesNotContain(":admin");
      assertThat(
              dev.bookslake.serving.auth.Users.parse(java.util.List.of(line.out().strip()), "test")
                  .role("alice"))
          .as("a plain user")
          .contains(dev.bookslake.serving.auth.Role.USER);

      System.setIn(new ByteArrayInputStream("correct horse\n".getBytes(StandardCharsets.UTF_8)));
      Result admin = serve("hash-password", "--admin", "root");
      assertThat(
              dev.bookslake.serving.auth.Users.parse(java.util.List.of(admin.out().strip()), "test")
                  .role("root"))
          .contains(dev.bookslake.serving.auth.Role.ADMIN);

      System.setIn(new ByteArrayInputStream(new byte[0]));
      Result empty = serve("hash-password", "alice");
      assertThat(empty.exitCode()).isEqualTo(2);
      assertThat(empty.err()).isEqualTo("Cannot hash an empty password\n");
    } finally {
      System.setIn(stdin);
    }
  }
}
