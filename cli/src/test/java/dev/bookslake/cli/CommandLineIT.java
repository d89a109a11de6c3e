package dev.bookslake.cli;

import static dev.bookslake.pipelines.testing.LakeSql.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.sql.DuckDbExtensions;
import dev.bookslake.pipelines.testing.MlLakes;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
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

  /**
   * The jar holds the Beam classes the pipelines module patches (pipelines/src/patch), not Beam's:
   * the DirectRunner driver that spins a core through every run, the options factory whose start-up
   * every command pays, the ParDo evaluator factory that translated its transform per bundle, the
   * matchers that translated every transform at the runner's start.
   */
  @Test
  void theShadedJarCarriesThePatchedBeamClasses() throws Exception {
    for (String entry :
        List.of(
            "org/apache/beam/runners/direct/QuiescenceDriver.class",
            "org/apache/beam/runners/direct/ParDoEvaluatorFactory$Translated.class",
            "org/apache/beam/runners/direct/CopyOnAccessInMemoryStateInternals.class",
            "org/apache/beam/sdk/options/PipelineOptionsFactory$MethodComparator.class",
            "org/apache/beam/sdk/util/construction/PTransformMatchers.class")) {
      List<URL> patched =
          Collections.list(getClass().getClassLoader().getResources(entry)).stream()
              .filter(url -> !url.toString().matches(".*/beam-[^/]*\\.jar!/.*"))
              .toList();
      assertThat(patched).as("the pipelines module's copy of " + entry).hasSize(1);

      try (InputStream expected = patched.getFirst().openStream();
          JarFile jar = new JarFile(ShadedJar.jar().toFile())) {
        assertThat(jar.getInputStream(jar.getEntry(entry)).readAllBytes())
            .as(entry)
            .isEqualTo(expected.readAllBytes());
      }
    }
  }

  /**
   * picocli's own jar is Java 5 bytecode, which the JVM verifies with its old verifier and no AOT
   * or class-data archive can hold; the cli compiles picocli's source instead (cli/pom.xml).
   */
  @Test
  void picocliInTheShadedJarIsBytecodeTheJvmCanArchive() throws Exception {
    try (JarFile jar = new JarFile(ShadedJar.jar().toFile());
        InputStream commandLine = jar.getInputStream(jar.getEntry("picocli/CommandLine.class"))) {
      byte[] header = commandLine.readNBytes(8);
      int major = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      assertThat(major).as("class file version of picocli.CommandLine").isGreaterThanOrEqualTo(65);
    }
  }

  /**
   * SQLite's driver loads its library from beside the jar, in place: with a temporary folder it
   * cannot write to, its own way (a copy there) fails the catalog open.
   */
  @Test
  void queriesWithSqlitesLibraryBesideTheJar() throws Exception {
    Path lake = dir.resolve("lake");
    MlLakes.write(
        Lake.at(lake), LocalDate.parse("2026-01-01"), MlLakes.books(20, 1, MlLakes.Labels.RANDOM));
    Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "");
    ShadedJar.Result query =
        ShadedJar.run(
            dir,
            List.of("-Djava.io.tmpdir=" + notAFolder.resolve("tmp")),
            "query",
            "--lake",
            lake.toString(),
            "--format",
            "csv",
            "SELECT count(*) AS books FROM gold.training_data");
    assertThat(query.exitCode()).as(query.output()).isZero();
    assertThat(query.output()).contains("books", "20");
  }

  @Test
  void aQueryRecordsTheCheckedExtensionsAndLaterQueriesSkipTheCheck() throws Exception {
    Path lake = dir.resolve("lake");
    MlLakes.write(
        Lake.at(lake), LocalDate.parse("2026-01-01"), MlLakes.books(5, 1, MlLakes.Labels.RANDOM));
    Path record = dir.resolve("build/duckdb-extensions.verified");
    List<String> unsigned = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      ShadedJar.Result query =
          ShadedJar.run(
              dir,
              List.of("-D" + DuckDbExtensions.VERIFIED_PROPERTY + "=" + record),
              "query",
              "--lake",
              lake.toString(),
              "--format",
              "csv",
              "SELECT current_setting('allow_unsigned_extensions') AS unsigned, count(*) AS books"
                  + " FROM gold.training_data");
      assertThat(query.exitCode()).as(query.output()).isZero();
      unsigned.add(query.output().lines().filter(l -> l.endsWith(",5")).findFirst().orElseThrow());
    }
    assertThat(unsigned)
        .as("signatures checked on the first run only")
        .containsExactly("false,5", "true,5");
    assertThat(record).isRegularFile();
  }

  @Test
  void badArgumentsExitWithTwoAndAClearMessage() throws Exception {
    ShadedJar.Result bad =
        bookslake("scrape", "--source", "http://127.0.0.1:1/", "--run-date", "yesterday");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.output()).contains("Cannot parse --run-date (expected YYYY-MM-DD): yesterday");
  }
}
