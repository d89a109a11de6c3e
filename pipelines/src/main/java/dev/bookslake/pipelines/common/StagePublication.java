package dev.bookslake.pipelines.common;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.RunMetrics;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableId;
import dev.bookslake.pipelines.io.LakeIO;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * The tables one run of a stage publishes for its {@code dt}: begun together, written by one
 * pipeline, then either all committed (each with the rows the pipeline counted, in the order given)
 * or all aborted; the run's scratch space is removed either way. Readers that follow one table's
 * pointer see the others committed when that table comes last. Each commit records when the
 * publication began and the pipeline's counters ({@link RunMetrics}).
 *
 * <pre>{@code
 * StagePublication publication = StagePublication.begin(lake, dt, runId, List.of(
 *     new StagePublication.Output(Tables.GOLD_PREDICTION_ERRORS, PredictionError.class),
 *     new StagePublication.Output(Tables.GOLD_PREDICTIONS, BookPrediction.class)));
 * PipelineResult result = publication.run(() -> {
 *   Pipeline pipeline = Pipeline.create(options);
 *   buildGraph(pipeline, publication.pending(Tables.GOLD_PREDICTIONS), publication.tempDirectory());
 *   return pipeline;
 * });
 * Map<TableId, Snapshot> committed = publication.commit(result);
 * }</pre>
 */
public final class StagePublication {
  /**
   * One table a stage writes.
   *
   * @param table the table
   * @param type its Avro row type (an empty table still gets a file with its schema)
   */
  public record Output(TableId table, Class<? extends SpecificRecord> type) {}

  private final Lake lake;
  private final String runId;
  private final List<Output> outputs;
  private final Map<TableId, PendingSnapshot> pending;
  private final Instant startedAt;

  private StagePublication(
      Lake lake,
      String runId,
      List<Output> outputs,
      Map<TableId, PendingSnapshot> pending,
      Instant startedAt) {
    this.lake = lake;
    this.runId = runId;
    this.outputs = outputs;
    this.pending = pending;
    this.startedAt = startedAt;
  }

  /**
   * Begins a new version of every table for {@code dt}; nothing is visible until {@link #commit}.
   *
   * @param outputs the tables, in the order they are committed
   * @throws IllegalArgumentException when a table is named twice
   */
  public static StagePublication begin(
      Lake lake, LocalDate dt, String runId, List<Output> outputs) {
    Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Map<TableId, PendingSnapshot> pending = new LinkedHashMap<>();
    try {
      for (Output output : outputs) {
        if (pending.containsKey(output.table())) {
          throw new IllegalArgumentException(
              "Cannot publish a table twice in one run: " + output.table());
        }
        pending.put(output.table(), lake.begin(output.table(), dt, runId));
      }
    } catch (RuntimeException e) {
      pending.values().forEach(PendingSnapshot::abort);
      throw e;
    }
    return new StagePublication(lake, runId, List.copyOf(outputs), pending, startedAt);
  }

  /** The version being written of one of the tables. */
  public PendingSnapshot pending(TableId table) {
    PendingSnapshot snapshot = pending.get(table);
    if (snapshot == null) {
      throw new IllegalArgumentException(
          "Cannot find table in this publication: " + table + " (begun: " + pending.keySet() + ")");
    }
    return snapshot;
  }

  /** The run's scratch folder, for Beam's temporary shard files. */
  public String tempDirectory() {
    return lake.tempPath(runId).toString();
  }

  /**
   * Builds the pipeline, runs it and waits for it. If building or running fails, every table is
   * aborted (the previous snapshots stay in force) and the failure is rethrown; the scratch folder
   * is removed either way.
   */
  public PipelineResult run(Supplier<Pipeline> graph) {
    return runTogether(List.of(this), graph);
  }

  /**
   * Like {@link #run}, for stages that share one pipeline (the data path's scrape and clean): if
   * building or running fails, every publication is aborted; every scratch folder is removed either
   * way. Each is then committed (or aborted) on its own, in the order the stages depend.
   */
  public static PipelineResult runTogether(
      List<StagePublication> publications, Supplier<Pipeline> graph) {
    try {
      return StageRuns.waitForSuccess(graph.get().run());
    } catch (RuntimeException e) {
      publications.forEach(StagePublication::abort);
      throw e;
    } finally {
      publications.forEach(p -> p.lake.deleteTemp(p.runId));
    }
  }

  /** Throws every table's new version away; for a run that succeeded but must not be published. */
  public void abort() {
    pending.values().forEach(PendingSnapshot::abort);
  }

  /**
   * Commits every table in the order given to {@link #begin}, each with the rows the pipeline wrote
   * to it ({@link StageRuns#rowsWritten} under the table's name), when this publication began and
   * the pipeline's counters ({@link StageRuns#counters}).
   *
   * @return the committed snapshots, in commit order
   */
  public Map<TableId, Snapshot> commit(PipelineResult result) {
    return commit(result, StageRuns.counters(result));
  }

  /**
   * Like {@link #commit(PipelineResult)}, recording only the counters of the namespace {@code
   * metrics} (the stage's own, when one pipeline ran several stages).
   */
  public Map<TableId, Snapshot> commit(PipelineResult result, String metrics) {
    return commit(result, StageRuns.counters(result, metrics));
  }

  private Map<TableId, Snapshot> commit(PipelineResult result, Map<String, Long> counters) {
    RunMetrics run = new RunMetrics(startedAt, counters);
    Map<TableId, Snapshot> committed = new LinkedHashMap<>();
    for (Output output : outputs) {
      long rows = StageRuns.rowsWritten(result, output.table().toString());
      committed.put(
          output.table(), LakeIO.commit(pending.get(output.table()), output.type(), rows, run));
    }
    return Collections.unmodifiableMap(committed);
  }
}
