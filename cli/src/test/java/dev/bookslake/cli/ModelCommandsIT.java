package dev.bookslake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.testing.MlLakes;
import dev.bookslake.pipelines.testing.MlLakes.Labels;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} then {@code predict} in this JVM through the command line, over a small gold lake
 * written with the project's vectorizer: the model trained and promoted by one command is the one
 * the next scores with, and predicting before any model is promoted is a failed run. (CommandLineIT
 * trains from the shaded jar; DriftMonitorIT covers {@code monitor}.)
 */
class ModelCommandsIT {
  private static final LocalDate DT = LocalDate.parse("2026-03-01");
  private static final int BOOKS = 150;

  @TempDir Path root;

  @Test
  void predictScoresEveryBookWithTheModelTrainJustPromoted() {
    Lake lake = Lake.at(root);
    MlLakes.write(lake, DT, MlLakes.books(BOOKS, 5, Labels.LEARNABLE));
    String[] where = {"--lake", root.toString(), "--run-date", DT.toString()};

    CliRun.Result early = CliRun.run(concat(new String[] {"predict", "--target", "rating"}, where));
    assertThat(early.exitCode()).as(early.err()).isEqualTo(Bookslake.EXIT_FAILED);
    assertThat(early.err())
        .startsWith(
            "bookslake predict failed: Cannot predict for dt=2026-03-01: no production model");
    assertThat(lake.current(Tables.GOLD_PREDICTIONS)).isEmpty();

    CliRun.Result train =
        CliRun.run(
            concat(new String[] {"train", "--target", "rating", "--promote-if-better"}, where));
    assertThat(train.exitCode()).as(train.err()).isEqualTo(Bookslake.EXIT_OK);
    assertThat(train.out())
        .contains("Registered rating v1.", "Promoted to production: no production model yet");

    CliRun.Result predict =
        CliRun.run(concat(new String[] {"predict", "--target", "rating"}, where));
    assertThat(predict.exitCode()).as(predict.err()).isEqualTo(Bookslake.EXIT_OK);
    assertThat(predict.out())
        .startsWith("Predicted dt=2026-03-01 in ")
        .contains(": " + BOOKS + " rows into gold.predictions (0 books not scorable)");

    CliRun.Result query =
        CliRun.run(
            "query",
            "SELECT model, model_version, count(*) AS books, min(prediction) >= 1"
                + " AND max(prediction) <= 5 AS in_range FROM gold.predictions GROUP BY ALL",
            "--lake",
            root.toString(),
            "--format",
            "csv");
    assertThat(query.out())
        .isEqualTo("model,model_version,books,in_range\nrating,1," + BOOKS + ",true\n");
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = new String[first.length + second.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
