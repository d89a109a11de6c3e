package dev.bookslake.pipelines.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.pipelines.testing.MlLakes;
import dev.bookslake.pipelines.testing.MlLakes.Labels;
import dev.bookslake.pipelines.train.CandidateSpec;
import dev.bookslake.pipelines.train.ModelTraining;
import dev.bookslake.schemas.gold.BookPrediction;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FlinkRunner (embedded mini-cluster) publishes the same gold.predictions as the DirectRunner.
 */
class PredictPipelineFlinkIT {
  private static final LocalDate DT = LocalDate.parse("2026-03-01");

  @TempDir Path root;

  @Test
  void flinkPredictsWhatTheDirectRunnerPredicts() {
    Lake lake = Lake.at(root);
    MlLakes.write(lake, DT, MlLakes.books(120, 9, Labels.RANDOM));
    List<CandidateSpec> quick = List.of(new CandidateSpec(3, 20, 0.3));
    ModelTraining.train(lake, DT, "rating", "", true, quick);
    ModelTraining.train(lake, DT, "price", "", true, quick);

    PredictPipeline.run(options());
    List<String> direct = rows(lake);
    PredictPipeline.Summary flink =
        PredictPipeline.run(
            options("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));

    assertThat(flink.rows()).isEqualTo(240);
    assertThat(direct).hasSize(240);
    assertThat(rows(lake)).isEqualTo(direct);
  }

  private PredictPipeline.Options options(String... runner) {
    List<String> args = new java.util.ArrayList<>(List.of("--lake=" + root, "--runDate=" + DT));
    args.addAll(List.of(runner));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .withValidation()
        .as(PredictPipeline.Options.class);
  }

  /** Every row but its run time, sorted. */
  private static List<String> rows(Lake lake) {
    return LakeIO.readRows(
            lake.snapshot(Tables.GOLD_PREDICTIONS, DT).orElseThrow(), BookPrediction.class)
        .stream()
        .map(r -> BookPrediction.newBuilder(r).setPredictedAt("").build().toString())
        .sorted()
        .toList();
  }
}
