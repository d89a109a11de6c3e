package dev.bookslake.pipelines.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * A stage on the FlinkRunner gets re-iterable grouping results: without them the clean stage's
 * history join failed at 100k books ("GBK result is not re-iterable", docs/benchmarks.md). It also
 * gets Flink's object reuse (no deep copy of every page between chained operators).
 */
class RunnerPipelinesTest {

  @Test
  void aFlinkPipelineGetsReIterableGroupingResults() {
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--flinkMaster=[local]").create();
    assertThat(options.as(FlinkPipelineOptions.class).getReIterableGroupByKeyResult()).isFalse();

    RunnerPipelines.create(options);

    assertThat(options.as(FlinkPipelineOptions.class).getReIterableGroupByKeyResult()).isTrue();
  }

  @Test
  void aFlinkPipelineReusesObjectsBetweenChainedOperators() {
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--flinkMaster=[local]").create();
    assertThat(options.as(FlinkPipelineOptions.class).getObjectReuse()).isFalse();

    RunnerPipelines.create(options);

    assertThat(options.as(FlinkPipelineOptions.class).getObjectReuse()).isTrue();
  }

  @Test
  void aDirectPipelineKeepsItsOptions() {
    PipelineOptions options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create();

    RunnerPipelines.create(options);

    assertThat(options.as(FlinkPipelineOptions.class).getReIterableGroupByKeyResult()).isFalse();
    assertThat(options.as(FlinkPipelineOptions.class).getObjectReuse()).isFalse();
  }
}
