package dev.bookslake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.sql.DuckDbExtensions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the shaded jar as users run it ({@code ./bookslake} execs it) in a child JVM, for the
 * integration tests that need a real process: the packaged classpath, or a process to kill.
 */
final class ShadedJar {
  /** What a finished command printed (stdout and stderr together) and how long it took. */
  record Result(int exitCode, String output, long millis) {}

  private ShadedJar() {}

  /** Starts {@code bookslake args...}, its output going to {@code log}. */
  static Process start(Path log, String... args) throws IOException {
    return start(log, List.of(), args);
  }

  /** {@link #start(Path, String...)} with extra JVM options before {@code -jar}. */
  static Process start(Path log, List<String> jvmOptions, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx1g",
                // The child finds DuckDB's extensions where this JVM does, as the launcher's do.
                "-D" + DuckDbExtensions.PROPERTY + "=" + DuckDbExtensions.directory()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar().toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Runs {@code bookslake args...} to its end (at most 3 minutes), logging under {@code dir}. */
  static Result run(Path dir, String... args) throws Exception {
    return run(dir, List.of(), args);
  }

  /** {@link #run(Path, String...)} with extra JVM options before {@code -jar}. */
  static Result run(Path dir, List<String> jvmOptions, String... args) throws Exception {
    Path log = Files.createTempFile(dir, "bookslake-", ".log");
    long start = System.nanoTime();
    Process process = start(log, jvmOptions, args);
    assertThat(process.waitFor(180, TimeUnit.SECONDS))
        .as("bookslake %s ends by itself", String.join(" ", args))
        .isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(log, StandardCharsets.UTF_8),
        (System.nanoTime() - start) / 1_000_000);
  }

  /** The shaded jar under {@code target/}. */
  static Path jar() throws IOException {
    try (Stream<Path> jars = Files.list(Path.of("target"))) {
      return jars.filter(p -> p.getFileName().toString().endsWith("-all.jar"))
          .findFirst()
          .orElseThrow();
    }
  }
}
