package dev.bookslake.pipelines.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.junit.jupiter.api.Test;

/**
 * A stage's pipeline on the FlinkRunner joins a group of more than 10,000 elements, which Beam's
 * CoGroupByKey reads more than once (the clean stage's history join: a bucket of today's books, few
 * or no rows of the previous history).
 */
class RunnerPipelinesIT {
  private static final TupleTag<Integer> TODAY = new TupleTag<>() {};
  private static final TupleTag<Integer> BEFORE = new TupleTag<>() {};
  // CoGbkResult keeps 10,000 elements in memory and reads the group again for the rest.
  private static final int GROUP = 12_000;

  @Test
  void aCoGroupByKeyGroupOverTenThousandElementsJoinsOnFlink() {
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2")
            .create();
    Pipeline pipeline = RunnerPipelines.create(options);
    List<KV<Integer, Integer>> today =
        IntStream.range(0, GROUP).mapToObj(i -> KV.of(1, i)).toList();
    PCollection<KV<Integer, Integer>> sizes =
        KeyedPCollectionTuple.of(TODAY, pipeline.apply("Today", Create.of(today)))
            .and(BEFORE, pipeline.apply("Before", Create.of(List.of(KV.of(1, -1)))))
            .apply("Join", CoGroupByKey.create())
            .apply("CountBothSides", ParDo.of(new CountFn()));
    PAssert.that(sizes).containsInAnyOrder(KV.of(GROUP, 1));

    assertThat(pipeline.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
  }

  static final class CountFn extends DoFn<KV<Integer, CoGbkResult>, KV<Integer, Integer>> {
    @ProcessElement
    public void processElement(
        @Element KV<Integer, CoGbkResult> group, OutputReceiver<KV<Integer, Integer>> out) {
      int today = 0;
      int before = 0;
      for (Integer ignored : group.getValue().getAll(TODAY)) {
        today++;
      }
      for (Integer ignored : group.getValue().getAll(BEFORE)) {
        before++;
      }
      out.output(KV.of(today, before));
    }
  }
}
