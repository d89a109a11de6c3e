package dev.bookslake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bookslake} launcher script itself, run as users run it from the project root: the
 * class-data archives its first runs write (the shaded jar it runs is this module's, built before
 * the integration tests).
 */
class LauncherIT {
  @TempDir Path dir;

  @Test
  void aUsageRequestWritesNoArchiveAndTheFirstRealRunDoes() throws Exception {
    Path cds = dir.resolve("cds");

    Launched help = launch(cds, "query", "--help");
    assertThat(help.exitCode()).as(help.output()).isZero();
    assertThat(help.output()).contains("Usage:");
    assertThat(archives(cds)).as("archives after query --help").isEmpty();

    Launched query =
        launch(cds, "query", "--lake", dir.resolve("lake").toString(), "SELECT 42 AS answer");
    assertThat(query.exitCode()).as(query.output()).isZero();
    assertThat(query.output()).contains("42");
    assertThat(archives(cds))
        .as("archives after a query")
        .singleElement()
        .asString()
        .startsWith("cli-query-");
  }

  private record Launched(int exitCode, String output) {}

  private Launched launch(Path cds, String... args) throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<String> command = new ArrayList<>(List.of(root.resolve("bookslake").toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "launcher-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("BOOKSLAKE_NO_BUILD", "1");
    builder.environment().put("BOOKSLAKE_CDS_DIR", cds.toString());
    builder.environment().remove("BOOKSLAKE_NO_CDS");
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS))
        .as("bookslake %s ends by itself", String.join(" ", args))
        .isTrue();
    return new Launched(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The archives (AOT caches on JDK 25+, dynamic CDS archives before) written in {@code cds}. */
  private static List<String> archives(Path cds) throws Exception {
    if (!Files.isDirectory(cds)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cds)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".aot") || name.endsWith(".jsa"))
          .toList();
    }
  }
}
