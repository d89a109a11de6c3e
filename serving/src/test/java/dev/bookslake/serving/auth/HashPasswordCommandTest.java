package dev.bookslake.serving.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code hash-password} with the password on standard input (no terminal, as in a pipe): the line
 * it prints is one {@link Users} accepts for exactly that password, and what it refuses exits 2
 * with the reason.
 */
class HashPasswordCommandTest {
  private final InputStream stdin = System.in;

  private record Result(int exitCode, String out, String err) {}

  @AfterEach
  void restoreStdin() {
    System.setIn(stdin);
  }

  private static Result hashPassword(String input, String... args) {
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new HashPasswordCommand())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void theLineVerifiesTheFirstLineOfInputExactlyAndNothingElse() {
    Result result = hashPassword("  spaced pässword \r\nsecond line\n", "alice");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).endsWith("\n").hasLineCount(1);

    Users users = Users.parse(List.of(result.out().strip()), "hash-password");
    assertThat(users.verify("alice", "  spaced pässword ".toCharArray()))
        .as("spaces are part of the password")
        .isTrue();
    assertThat(users.verify("alice", "spaced pässword".toCharArray())).isFalse();
    assertThat(users.verify("alice", "second line".toCharArray())).isFalse();
  }

  @Test
  void moreIterationsAreWrittenIntoTheLine() {
    Result result = hashPassword("pw\n", "--iterations", "250000", "bob");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("bob:pbkdf2-sha256:250000:");
    assertThat(Users.parse(List.of(result.out().strip()), "test").verify("bob", "pw".toCharArray()))
        .isTrue();
  }

  @Test
  void tooFewIterationsExitTwoWithTheMinimum() {
    Result result = hashPassword("pw\n", "--iterations", "1000", "alice");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("Cannot hash with 1000 iterations: use at least 210000\n");
  }

  @Test
  void aUsernameTheUsersFileCannotHoldExitsTwo() {
    Result result = hashPassword("pw\n", "al:ice");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo("Cannot use username al:ice: use 1-64 letters, digits, '.', '_', '@' or '-'\n");
  }

  @Test
  void anEmptyFirstLineIsAnEmptyPassword() {
    Result result = hashPassword("\nnot the password\n", "alice");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("Cannot hash an empty password\n");
  }
}
