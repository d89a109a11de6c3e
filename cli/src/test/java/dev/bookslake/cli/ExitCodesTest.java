package dev.bookslake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.pipelines.testing.MlLakes;
import dev.bookslake.pipelines.testing.MlLakes.FixtureBook;
import dev.bookslake.pipelines.testing.MlLakes.Labels;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exit 2 is for the command line only; bad data is a failed run, exit 1. */
class ExitCodesTest {
  private static final LocalDate DT = LocalDate.parse("2026-02-01");

  @TempDir Path root;

  @Test
  void aTrainingRowWithAnImpossibleRatingFailsTheRunWithExitOne() {
    List<FixtureBook> books = new ArrayList<>(MlLakes.books(60, 11, Labels.LEARNABLE));
    FixtureBook first = books.get(0);
    books.set(0, new FixtureBook(first.upc(), first.siteId(), first.columns(), 7, first.price()));
    MlLakes.write(Lake.at(root), DT, books);

    CliRun.Result train =
        CliRun.run(
            "train", "--lake", root.toString(), "--run-date", DT.toString(), "--target", "rating");

    assertThat(train.exitCode()).as(train.err()).isEqualTo(Bookslake.EXIT_FAILED);
    assertThat(train.err())
        .isEqualTo(
            "bookslake train failed: Cannot label target rating: 7 is not one of [1, 2, 3, 4, 5]\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "train --target stars | Cannot find target in feature contract: stars",
        "train --target rating --metric rmse | Cannot select classification models by metric: rmse",
        "train --target rating --run-date yesterday | Cannot parse --run-date (expected YYYY-MM-DD): yesterday",
        "train --target rating --colour blue | Class interface dev.bookslake.pipelines.train.ModelTraining$Options"
            + " missing a property named 'colour'",
        "train | Cannot run train without option: --target",
        "predict --target stars | Cannot predict unknown target: stars",
        "run --source http://127.0.0.1:1/ --until platinum | Cannot parse --until (bronze, silver or gold): platinum",
        "features --shards 0 | Cannot write gold with --shards below 1: 0",
        "monitor --min-rows 0 | Cannot monitor with --min-rows below 1: 0",
        "query | Cannot query without SQL",
        "models list --format xml | Cannot list models in format: xml",
        "serve | Cannot serve from the command-line jar: run ./bookslake serve"
      })
  void badArgumentsExitTwoWithTheirMessage(String line, String message) {
    List<String> args = new ArrayList<>(List.of(line.split(" ")));
    if (!args.get(0).equals("query") && !args.get(0).equals("serve")) {
      args.addAll(List.of("--lake", root.toString()));
    }
    if (!line.contains("--run-date")
        && !args.get(0).equals("query")
        && !args.get(0).equals("models")
        && !args.get(0).equals("serve")) {
      args.addAll(List.of("--run-date", DT.toString()));
    }

    CliRun.Result result = CliRun.run(args.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.err()).isEqualTo(Bookslake.EXIT_BAD_ARGS);
    assertThat(result.err()).startsWith(message);
  }
}
