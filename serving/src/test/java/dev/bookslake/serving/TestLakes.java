package dev.bookslake.serving;

import dev.bookslake.cli.Bookslake;
import dev.bookslake.lake.Lake;
import dev.bookslake.pipelines.testing.GoldFixture;
import io.helidon.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gold lakes for the tests, written with the real layout by {@link GoldFixture}. */
final class TestLakes {
  static final int BOOKS = 120;
  static final LocalDate DAY_1 = LocalDate.parse("2026-01-01");
  static final LocalDate DAY_2 = LocalDate.parse("2026-01-02");
  static final LocalDate DAY_3 = LocalDate.parse("2026-01-03");

  private static Path shared;

  private TestLakes() {}

  /**
   * One read-only lake of {@link #BOOKS} books with two dts, shared by the test classes of a run.
   */
  static synchronized Path shared() {
    if (shared == null) {
      shared = newFolder("shared");
      GoldFixture.write(Lake.at(shared), BOOKS, List.of(DAY_1, DAY_2));
    }
    return shared;
  }

  /** An empty folder for a lake or scratch files, under target/. */
  static Path newFolder(String name) {
    try {
      Path base = Path.of("target", "test-lakes");
      Files.createDirectories(base);
      return Files.createTempDirectory(base, name + "-").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Configuration over a lake: rate limit off, fast polling, plus any extra keys. */
  static Config config(Path lake, Map<String, String> extra) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("lake.root", lake.toString());
    overrides.put("lake.poll-interval", "PT0.1S");
    overrides.put("rate-limit.capacity", "0");
    overrides.putAll(extra);
    return Main.config(overrides, null, Map.of());
  }

  /** Runs a bookslake command in this JVM, printing what it wrote; returns its exit code. */
  static int cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        Bookslake.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    System.out.println(
        "bookslake "
            + String.join(" ", args)
            + " -> "
            + code
            + "\n"
            + out.toString(StandardCharsets.UTF_8));
    return code;
  }
}
