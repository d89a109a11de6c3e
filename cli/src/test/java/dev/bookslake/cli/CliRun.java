package dev.bookslake.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs {@code bookslake ARGS} in this JVM through {@link Bookslake#run}, as the launcher's {@code
 * main} does, and keeps what the command printed.
 *
 * <pre>{@code
 * CliRun.Result r = CliRun.run("query", "SELECT 1", "--lake", lake.toString());
 * assertThat(r.exitCode()).as(r.err()).isZero();
 * }</pre>
 */
public final class CliRun {
  /** What a command returned and printed on stdout and stderr. */
  public record Result(int exitCode, String out, String err) {}

  private CliRun() {}

  public static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Bookslake.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  public static Result run(List<String> args) {
    return run(args.toArray(String[]::new));
  }
}
