package dev.bookslake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Tables;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage commands in this JVM, as the launcher runs them, against a 20-book sandbox: each stage
 * publishes its layer and prints its summary, {@code run --until} stops where asked, and a stage
 * that cannot publish fails the command with exit 1 and its reason while the layers before it stay
 * published (DataPathUntilIT checks that a failed day keeps the previous day's gold).
 * (CommandLineIT runs the shaded jar; this covers the command wiring.)
 */
class StageCommandsIT {
  private static final LocalDate DAY_1 = LocalDate.parse("2026-01-01");
  private static final int BOOKS = 20;
  private static SandboxServer sandbox;

  @TempDir Path dir;

  @BeforeAll
  static void startSandbox() {
    sandbox = SandboxServer.start(SandboxConfig.builder().books(BOOKS).build());
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  /**
   * A stage command over {@code lake} for {@code day}; scrape and run also get the sandbox as
   * source.
   */
  private static CliRun.Result stage(String command, Path lake, LocalDate day, String... extra) {
    List<String> args =
        new ArrayList<>(List.of(command, "--lake", lake.toString(), "--run-date", day.toString()));
    if (command.equals("scrape") || command.equals("run")) {
      args.addAll(
          List.of(
              "--source",
              sandbox.baseUri().toString(),
              "--retry-base-ms",
              "10",
              "--progress-seconds",
              "60"));
    }
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  private static CliRun.Result succeeded(CliRun.Result result) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(Bookslake.EXIT_OK);
    return result;
  }

  @Test
  void eachStageCommandPublishesItsLayerAndPrintsItsSummary() {
    Path root = dir.resolve("lake");
    Lake lake = Lake.at(root);

    CliRun.Result scrape = succeeded(stage("scrape", root, DAY_1));
    assertThat(scrape.out())
        .startsWith("Scraped ")
        .contains(" pages for dt=2026-01-01 ", BOOKS + " product (")
        .contains("bronze.pages        -> " + root);
    assertThat(lake.tables())
        .containsExactlyInAnyOrder(Tables.BRONZE_PAGES, Tables.BRONZE_FETCH_ERRORS);

    CliRun.Result clean = succeeded(stage("clean", root, DAY_1));
    assertThat(clean.out())
        .startsWith("Cleaned " + BOOKS + " product pages for dt=2026-01-01 ")
        .contains(BOOKS + " books, 0 quarantined")
        .contains("silver.books");
    assertThat(lake.current(Tables.SILVER_BOOKS).orElseThrow().rows()).isEqualTo(BOOKS);
    assertThat(lake.current(Tables.GOLD_BOOKS)).isEmpty();

    CliRun.Result features = succeeded(stage("features", root, DAY_1));
    assertThat(features.out())
        .startsWith("Built gold for dt=2026-01-01 ")
        .contains(BOOKS + " books in ");
    assertThat(lake.current(Tables.GOLD_BOOKS).orElseThrow().rows()).isEqualTo(BOOKS);

    CliRun.Result query =
        succeeded(
            CliRun.run(
                "query",
                "SELECT count(*) AS books FROM gold.books",
                "--lake",
                root.toString(),
                "--format",
                "csv"));
    assertThat(query.out()).isEqualTo("books\n" + BOOKS + "\n");
  }

  @Test
  void runUntilBronzeScrapesOnly() {
    Path root = dir.resolve("lake");

    succeeded(stage("run", root, DAY_1, "--until", "bronze"));

    assertThat(Lake.at(root).tables())
        .containsExactlyInAnyOrder(Tables.BRONZE_PAGES, Tables.BRONZE_FETCH_ERRORS);
  }

  @Test
  void aStageThatCannotPublishFailsTheRunWithItsReasonAndTheLayersBeforeItStayPublished()
      throws IOException {
    Path root = dir.resolve("lake");
    Lake lake = Lake.at(root);
    // A file where gold.books keeps its data files: the features stage cannot begin that table,
    // so it publishes none of its tables.
    Path data = root.resolve("gold").resolve("books").resolve("data");
    Files.createDirectories(data.getParent());
    Path gold = Files.writeString(data, "in the way");

    CliRun.Result run = stage("run", root, DAY_1);

    assertThat(run.exitCode()).isEqualTo(Bookslake.EXIT_FAILED);
    assertThat(run.err()).startsWith("bookslake run failed: Cannot ").contains(gold.toString());
    assertThat(lake.tables())
        .containsExactlyInAnyOrder(
            Tables.BRONZE_PAGES,
            Tables.BRONZE_FETCH_ERRORS,
            Tables.SILVER_BOOKS,
            Tables.SILVER_QUARANTINE,
            Tables.SILVER_BOOK_HISTORY,
            Tables.SILVER_QUALITY_REPORT);
  }

  @Test
  void aSourceThatDoesNotAnswerFailsTheScrapeAndPublishesNothing() {
    Path root = dir.resolve("lake");

    CliRun.Result scrape =
        CliRun.run(
            "scrape",
            "--lake",
            root.toString(),
            "--run-date",
            DAY_1.toString(),
            "--source",
            "http://127.0.0.1:1/",
            "--retry-base-ms",
            "1",
            "--progress-seconds",
            "60");

    assertThat(scrape.exitCode()).isEqualTo(Bookslake.EXIT_FAILED);
    assertThat(scrape.err())
        .isEqualTo(
            "bookslake scrape failed: Cannot scrape source, its start page could not be fetched: http://127.0.0.1:1/\n");
    assertThat(Lake.at(root).tables()).isEmpty();
  }
}
