package dev.bookslake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.pipelines.common.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Pipeline commands: options read off the Beam interfaces, the rest passed through to Beam. */
class PipelineCommandTest {
  private static final PrintStream NOWHERE =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  /** What a pipeline command hands Beam for a command line, without running anything. */
  private static List<String> beamArgs(String line) {
    CommandLine bookslake = Bookslake.commandLine(NOWHERE, NOWHERE);
    String[] args = line.split(" ");
    bookslake.parseArgs(args);
    CommandLine command = bookslake.getSubcommands().get(args[0]);
    return List.of(((PipelineCommand<?>) command.getCommandSpec().userObject()).beamArgs());
  }

  @Test
  void declaredOptionsAndPassedThroughOnesReachBeamAsCamelCase() {
    assertThat(
            beamArgs(
                "scrape --run-date 2026-01-01 --flink-master=[local] --runner FlinkRunner --dry"
                    + " --source=http://127.0.0.1:8000/ --max-concurrency 3 --lake x"))
        .containsExactly(
            "--enforceImmutability=false",
            "--enforceEncodability=false",
            "--lake=x",
            "--maxConcurrency=3",
            "--runDate=2026-01-01",
            "--source=http://127.0.0.1:8000/",
            "--flinkMaster=[local]",
            "--runner=FlinkRunner",
            "--dry");
  }

  @Test
  void bothOptionFormsParseAlikeAndTheLastOfARepeatedOptionWins() {
    assertThat(beamArgs("clean --run-date=2026-01-01 --shards=3 --parallelism=2"))
        .isEqualTo(beamArgs("clean --run-date 2026-01-01 --shards 3 --parallelism 2"))
        .isEqualTo(
            beamArgs(
                "clean --run-date 2025-12-31 --shards 1 --run-date 2026-01-01 --shards 3 --parallelism 2"));
  }

  @Test
  void runDefaultsGiveWayToTheCallersChoice() {
    assertThat(beamArgs("clean --run-date 2026-01-01 --enforce-immutability=true"))
        .containsExactly(
            "--enforceEncodability=false", "--runDate=2026-01-01", "--enforceImmutability=true");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--promote-if-better | --promoteIfBetter=true",
        "--promote-if-better=false | --promoteIfBetter=false",
        "--promote-if-better false | --promoteIfBetter=false",
        "--promote-if-better --metric mae | --promoteIfBetter=true"
      })
  void flagsTakeAnOptionalTrueOrFalse(String flag, String beam) {
    assertThat(beamArgs("train --run-date 2026-01-01 --target price " + flag)).contains(beam);
  }

  /** Every command line the Airflow DAGs, scripts and docs run, as Beam receives it. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "scrape --lake /l --run-date 2026-01-01 --runner FlinkRunner --flink-master [local] --source http://127.0.0.1:8000/"
            + " | --lake=/l --runDate=2026-01-01 --source=http://127.0.0.1:8000/ --runner=FlinkRunner --flinkMaster=[local]",
        "clean --lake /l --run-date 2026-01-01 --runner DirectRunner | --lake=/l --runDate=2026-01-01 --runner=DirectRunner",
        "features --lake /l --run-date 2026-01-01 --runner DirectRunner | --lake=/l --runDate=2026-01-01 --runner=DirectRunner",
        "run --source http://127.0.0.1:8000/ --lake /l --run-date 2026-01-01 --runner FlinkRunner --flink-master [local]"
            + " | --lake=/l --runDate=2026-01-01 --source=http://127.0.0.1:8000/ --runner=FlinkRunner --flinkMaster=[local]",
        "train --lake /l --run-date 2026-01-01 --target rating --promote-if-better"
            + " | --lake=/l --promoteIfBetter=true --runDate=2026-01-01 --target=rating",
        "predict --lake /l --run-date 2026-01-01 | --lake=/l --runDate=2026-01-01",
        "monitor --lake /l --run-date 2026-01-01 | --lake=/l --runDate=2026-01-01"
      })
  void theCommandLinesInUseReachBeamUnchanged(String line, String beam) {
    List<String> expected =
        new java.util.ArrayList<>(
            List.of("--enforceImmutability=false", "--enforceEncodability=false"));
    expected.addAll(List.of(beam.split(" ")));
    assertThat(beamArgs(line)).containsExactlyElementsOf(expected);
  }

  @Test
  void aStrayWordIsBadArguments() {
    CliRun.Result result = CliRun.run("clean", "--run-date", "2026-01-01", "again");
    assertThat(result.exitCode()).isEqualTo(Bookslake.EXIT_BAD_ARGS);
    assertThat(result.err()).isEqualTo("Cannot parse argument (options start with --): again\n");
    assertThatThrownBy(() -> PipelineCommand.normalize(List.of("scrape")))
        .isInstanceOf(UsageException.class)
        .hasMessage("Cannot parse argument (options start with --): scrape");
  }

  @Test
  void helpListsTheInterfacesOptionsInKebabCaseWithDescriptionsAndDefaults() {
    CliRun.Result help = CliRun.run("scrape", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .startsWith("Usage: ./bookslake scrape ")
        .contains("Crawl a bookshop from its start page")
        .contains("--run-date=<runDate>", "Logical date of the run, YYYY-MM-DD")
        .contains("--source=<source>", "Start page of the bookshop")
        .contains("--max-concurrency=<maxConcurrency>", "Requests in flight per host", "Default: 8")
        .contains(
            "--crawler-user-agent=<crawlerUserAgent>",
            "--max-error-ratio=<maxErrorRatio>",
            "Default: 0.5")
        .contains("--lake=<lake>", "-h, --help")
        .contains("Beam and runner options pass through as Beam's --camelCase=value")
        .as("Beam's own options pass through; they are not restated")
        .doesNotContain("--job-name", "--runner=", "--temp-location", "--options-id");
    assertThat(help.out().replaceAll("\\s+", " "))
        .as("required options are in the synopsis without brackets")
        .contains(" --run-date=<runDate> ")
        .contains(" --source=<source> ")
        .contains("[--lake=<lake>]");
  }

  @Test
  void everyPipelineCommandHasHelpFromItsOwnInterface() {
    assertThat(CliRun.run("train", "--help").out())
        .contains(
            "--target=<target>",
            "--promote-if-better",
            "--metric=<metric>",
            "Promote the new version to production");
    assertThat(CliRun.run("run", "--help").out())
        .contains(
            "--until=<until>",
            "Default: gold",
            "--source=<source>",
            "--shards=<shards>",
            "--similar-candidates=<similarCandidates>");
    assertThat(CliRun.run("monitor", "--help").out())
        .contains(
            "--min-rows=<minRows>",
            "Default: 50",
            "--inference-log=<inferenceLog>",
            "Exit codes:",
            "significant drift");
    assertThat(CliRun.run("predict", "--help").out()).contains("--target=<target>", "Default: all");
  }

  @Test
  void kebabAndCamelCaseRoundTrip() {
    assertThat(PipelineCommand.kebab("maxRetryAfterMs")).isEqualTo("max-retry-after-ms");
    assertThat(PipelineCommand.camel("max-retry-after-ms")).isEqualTo("maxRetryAfterMs");
    assertThat(PipelineCommand.camel("runner")).isEqualTo("runner");
  }
}
