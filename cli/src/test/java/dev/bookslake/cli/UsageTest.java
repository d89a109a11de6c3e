package dev.bookslake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the command line says for help and for arguments it refuses, whichever command refuses them.
 */
class UsageTest {

  @Test
  void noArgumentsPrintsTheUsageAndExitsTwo() {
    CliRun.Result none = CliRun.run();
    assertThat(none.exitCode()).isEqualTo(Bookslake.EXIT_BAD_ARGS);
    assertThat(none.out())
        .startsWith("Usage: ./bookslake [-h] <command>")
        .contains("Commands:", "Exit codes:");
  }

  @Test
  void helpListsEveryCommandWithItsSummaryAndTheExitCodes() {
    for (String help : new String[] {"--help", "-h", "help"}) {
      CliRun.Result result = CliRun.run(help);
      assertThat(result.exitCode()).as(help).isZero();
      assertThat(result.out())
          .as(help)
          .contains(
              "  sandbox ",
              "  scrape ",
              "  clean ",
              "  features ",
              "  run ",
              "  train ",
              "  models ",
              "  predict ",
              "  monitor ",
              "  query ",
              "  serve ")
          .contains("Crawl a bookshop from its start page", "Run SQL on the lake's views")
          .contains("Exit codes:", "bad arguments (unknown command, option or value)");
    }
  }

  /**
   * A command builds only itself: reading every pipeline's Beam options interface delayed a one-off
   * query by ~0.1 s. Anything else (the usage, {@code help}, an unknown name) gets all.
   */
  @Test
  void aCommandLineHoldsOnlyTheCommandItRuns() {
    assertThat(Bookslake.commandLine(System.out, System.err, "query").getSubcommands())
        .containsOnlyKeys("query");
    assertThat(Bookslake.commandLine(System.out, System.err, "qurey").getSubcommands())
        .containsKeys("sandbox", "scrape", "run", "query", "lake", "serve", "help")
        .hasSize(Bookslake.commandLine(System.out, System.err).getSubcommands().size());
    assertThat(CliRun.run("qurey").err()).contains("Cannot run unknown command: qurey");
  }

  @Test
  void helpOfACommandIsItsUsage() {
    CliRun.Result sandbox = CliRun.run("sandbox", "--help");
    assertThat(sandbox.exitCode()).isZero();
    assertThat(sandbox.out())
        .startsWith("Usage: ./bookslake sandbox ")
        .contains(
            "--books=N",
            "--faults=SPEC",
            "--malformed=SPEC",
            "--robots-404",
            "--slow-ms=N",
            "each later day changes ~3% of");
    assertThat(CliRun.run("help", "sandbox").out()).isEqualTo(sandbox.out());
    assertThat(CliRun.run("query", "--help").out())
        .contains("--as-of=YYYY-MM-DD", "gold.drift_report");
    assertThat(CliRun.run("models", "--help").out()).contains("list", "show", "promote");
    assertThat(CliRun.run("models", "promote", "--help").out())
        .contains("--alias=A", "--name=N", "--version=V", "--actor=WHO");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "nosuch | Cannot run unknown command: nosuch (see ./bookslake --help)",
        "sandbox --books abc | Cannot parse --books: abc",
        "sandbox --books 0 | Cannot parse --books: 0",
        "sandbox --books | Cannot parse --books: (missing value)",
        "sandbox --colour blue | Cannot use option with sandbox: --colour (see ./bookslake sandbox --help)",
        "sandbox --robots-404=yes | Cannot parse --robots-404: yes",
        "sandbox stray | Cannot parse argument (options start with --): stray",
        "query --as-of yesterday SELECT | Cannot parse --as-of (expected YYYY-MM-DD): yesterday",
        "query --format xml SELECT | Cannot parse --format (table, csv or json): xml",
        "query --max-width wide SELECT | Cannot parse --max-width (a whole number): wide",
        "query SELECT 1 | Cannot run two queries at once; quote the SQL: 1",
        "models show --lake /nowhere | Cannot run models show without option: --name",
        "models promote --lake /nowhere | Cannot run models promote without options: --name, --alias",
        "models list --colour=blue | Cannot use option with models list: --colour (see ./bookslake models list --help)",
        "models show --name rating --version two | Cannot parse --version (a whole number): two",
        "train --lake /nowhere | Cannot run train without options: --run-date, --target",
        "scrape --run-date 2026-01-01 | Cannot run scrape without option: --source"
      })
  void refusedArgumentsExitTwoWithTheirReason(String line, String message) {
    CliRun.Result result = CliRun.run(line.split(" "));
    assertThat(result.exitCode()).as(result.err()).isEqualTo(Bookslake.EXIT_BAD_ARGS);
    assertThat(result.err()).isEqualTo(message + "\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void modelsAloneIsItsUsageAsBadArguments() {
    CliRun.Result models = CliRun.run("models");
    assertThat(models.exitCode()).isEqualTo(Bookslake.EXIT_BAD_ARGS);
    assertThat(models.out()).startsWith("Usage: ./bookslake models ");
  }
}
