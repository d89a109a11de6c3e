package dev.bookslake.cli;

import static dev.bookslake.pipelines.testing.LakeSql.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.pipelines.testing.MlLakes;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as users run it ({@code ./bookslake} execs it): a classpath problem that only the
 * packaged jar has (a missing service provider, a dropped multi-release class) shows up here.
 */
class CommandLineIT {
  @TempDir Path dir;

  private ShadedJar.Result bookslake(String... args) throws Exception {
    return ShadedJar.run(dir, args);
  }

  @Test
  void helpListsEveryCommand() throws Exception {
    ShadedJar.Result help = bookslake("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.output())
        .contains(
            "sandbox",
            "scrape",
            "clean",
            "features",
            "run",
            "query",
            "serve",
            "train",
            "models",
            "predict",
            "monitor",
            "Exit codes:",
            "0   success");
  }

  @Test
  void trainsWithXgboostNativesFromTheShadedJar() throws Exception {
    Path lake = dir.resolve("lake");
    MlLakes.write(
        Lake.at(lake),
        LocalDate.parse("2026-01-01"),
        MlLakes.books(150, 1, MlLakes.Labels.LEARNABLE));
    ShadedJar.Result train =
        bookslake(
            "train",
            "--lake",
            lake.toString(),
            "--run-date",
            "2026-01-01",
            "--target",
            "rating",
            "--promote-if-better");
    assertThat(train.exitCode()).as(train.output()).isZero();
    assertThat(train.output())
        .contains(
            "Registered rating v1.",
            "Promoted to production: no production model yet",
            "rating v1 BEATS the baseline on ",
            " held-out rows: accuracy 1.0000 vs ");

    ShadedJar.Result list = bookslake("models", "list", "--lake", lake.toString());
    assertThat(list.exitCode()).as(list.output()).isZero();
    assertThat(list.output()).contains("rating         1 production");
  }

  @Test
  void scrapesOnTheEmbeddedFlinkClusterFromTheShadedJar() throws Exception {
    try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.builder().books(40).build())) {
      Path lake = dir.resolve("lake");
      ShadedJar.Result scrape =
          bookslake(
              "scrape",
              "--source",
              sandbox.baseUri().toString(),
              "--lake",
              lake.toString(),
              "--run-date",
              "2026-01-01",
              "--runner",
              "FlinkRunner",
              "--flink-master",
              "[local]");
      assertThat(scrape.exitCode()).as(scrape.output()).isZero();
      assertThat(scrape.output()).contains("Scraped 42 pages for dt=2026-01-01");
      assertThat(value(Lake.at(lake), "SELECT count(*) FROM bronze.pages")).isEqualTo(42L);
    }
  }

  @Test
  void badArgumentsExitWithTwoAndAClearMessage() throws Exception {
    ShadedJar.Result bad =
        bookslake("scrape", "--source", "http://127.0.0.1:1/", "--run-date", "yesterday");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.output()).contains("Cannot parse --run-date (expected YYYY-MM-DD): yesterday");
  }
}
