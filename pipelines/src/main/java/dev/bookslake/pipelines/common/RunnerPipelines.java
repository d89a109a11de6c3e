package dev.bookslake.pipelines.common;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Creates a stage's pipeline with what its transforms need from the runner it runs on.
 *
 * <p>The FlinkRunner's batch grouping hands a group's values over as a one-pass iterable, and
 * Beam's {@code CoGroupByKey} reads a group of more than 10,000 elements twice: such a stage failed
 * with "GBK result is not re-iterable" once a group grew past that (the clean stage's history join
 * holds an eighth of the catalogue per group, 12,500 books at 100k; the scrape's carry-over join a
 * sixteenth of a re-crawl). Re-iterable results keep one group at a time in the worker's memory.
 *
 * <p>Flink's object reuse is turned on: without it Flink deep-copies every element between chained
 * operators (through the element's coder, so every bronze page's body), which cost a tenth of a
 * 10,000-book {@code run --until silver} on Flink {@code [local]} (docs/benchmarks.md). Reuse is
 * safe for Beam transforms, which must not mutate their input or an element after outputting it;
 * the DirectRunner, which every {@code *Test} runs on, fails a pipeline that does.
 *
 * <pre>{@code
 * Pipeline pipeline = RunnerPipelines.create(options);   // instead of Pipeline.create(options)
 * }</pre>
 */
public final class RunnerPipelines {
  private RunnerPipelines() {}

  /** {@link Pipeline#create}, after setting the runner options every stage relies on. */
  public static Pipeline create(PipelineOptions options) {
    if (FlinkRunner.class.isAssignableFrom(options.getRunner())) {
      FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
      flink.setReIterableGroupByKeyResult(true);
      flink.setObjectReuse(true);
    }
    return Pipeline.create(options);
  }
}
