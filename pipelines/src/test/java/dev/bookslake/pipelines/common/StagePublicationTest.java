package dev.bookslake.pipelines.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.RunMetrics;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableCommit;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.schemas.silver.QualityCheck;
import dev.bookslake.schemas.silver.QuarantinedBook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage's tables are published together: all committed in the given order, or all aborted. */
class StagePublicationTest {
  private static final LocalDate DT = LocalDate.parse("2026-01-01");
  private static final TableId CHECKS = Tables.SILVER_QUARANTINE;
  private static final List<StagePublication.Output> TABLES =
      List.of(
          new StagePublication.Output(Tables.SILVER_QUALITY_REPORT, QualityCheck.class),
          new StagePublication.Output(CHECKS, QuarantinedBook.class));

  @TempDir Path root;

  private static QualityCheck check(String rule, long failed) {
    return QualityCheck.newBuilder()
        .setRule(rule)
        .setDescription("d")
        .setChecked(10)
        .setFailed(failed)
        .setRunId("run-1")
        .setDt(DT.toString())
        .build();
  }

  /** Three rows into the report, none into the other table; a failing step when asked. */
  private static Pipeline graph(StagePublication publication, boolean fail) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline
        .apply(
            "Checks",
            Create.of(check("a", 0), check("b", 1), check("c", 2))
                .withCoder(AvroCoder.of(QualityCheck.class)))
        .apply(
            "MaybeFail",
            MapElements.into(TypeDescriptor.of(QualityCheck.class))
                .via(
                    (QualityCheck c) -> {
                      if (fail) {
                        throw new IllegalStateException("Cannot check rule: " + c.getRule());
                      }
                      Metrics.counter("bookslake.test", "rules_seen").inc();
                      Metrics.counter("org.example.library", "not_ours").inc();
                      return c;
                    }))
        .setCoder(AvroCoder.of(QualityCheck.class))
        .apply("WriteReport", write(publication, Tables.SILVER_QUALITY_REPORT, QualityCheck.class));
    pipeline
        .apply("NoQuarantine", Create.empty(AvroCoder.of(QuarantinedBook.class)))
        .apply("WriteQuarantine", write(publication, CHECKS, QuarantinedBook.class));
    return pipeline;
  }

  private static <T extends SpecificRecord> LakeIO.Write<T> write(
      StagePublication publication, TableId table, Class<T> type) {
    return LakeIO.write(type)
        .to(publication.pending(table).directory().toString())
        .withTempDirectory(publication.tempDirectory())
        .withRowCounter(table.toString());
  }

  /** The run folders of a partition's data files. */
  private static List<Path> children(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(folder)) {
      return list.toList();
    }
  }

  @Test
  void aSucceededRunCommitsEveryTableInOrderWithItsRowCount() throws IOException {
    Lake lake = Lake.at(root);
    StagePublication publication = StagePublication.begin(lake, DT, "run-1", TABLES);
    PipelineResult result = publication.run(() -> graph(publication, false));
    Map<TableId, Snapshot> committed = publication.commit(result);

    assertThat(committed.keySet()).containsExactly(Tables.SILVER_QUALITY_REPORT, CHECKS);
    assertThat(committed.get(Tables.SILVER_QUALITY_REPORT).rows()).isEqualTo(3);
    assertThat(committed.get(CHECKS).rows()).isZero();
    assertThat(committed.get(CHECKS).files())
        .as("an empty table still has a file with its schema")
        .hasSize(1);
    assertThat(lake.current(Tables.SILVER_QUALITY_REPORT))
        .contains(committed.get(Tables.SILVER_QUALITY_REPORT));
    assertThat(committed.get(Tables.SILVER_QUALITY_REPORT).committedAt())
        .as("committed in the order given")
        .isBeforeOrEqualTo(committed.get(CHECKS).committedAt());
    assertThat(LakeIO.readRows(committed.get(Tables.SILVER_QUALITY_REPORT), QualityCheck.class))
        .hasSize(3);
    assertThat(lake.tempPath("run-1")).as("scratch space removed").doesNotExist();
  }

  @Test
  void everyCommitRecordsWhenThePublicationBeganAndThePipelinesCounters() {
    Lake lake = Lake.at(root);
    // Recorded to the millisecond, as Iceberg's commit times are.
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    StagePublication publication = StagePublication.begin(lake, DT, "run-1", TABLES);
    publication.commit(publication.run(() -> graph(publication, false)));

    for (StagePublication.Output output : TABLES) {
      TableCommit commit = lake.history(output.table()).getLast();
      RunMetrics run = commit.run();
      assertThat(run.startedAt()).isBetween(before, commit.committedAt());
      assertThat(run.counters())
          .as("the stage's counters, not the lake writer's nor a library's")
          .containsExactly(Map.entry("rules_seen", 3L));
      assertThat(commit.duration()).isPresent();
    }
  }

  @Test
  void aFailedRunAbortsEveryTableAndKeepsThePreviousSnapshots() throws IOException {
    Lake lake = Lake.at(root);
    StagePublication first = StagePublication.begin(lake, DT, "run-1", TABLES);
    Map<TableId, Snapshot> before = first.commit(first.run(() -> graph(first, false)));

    StagePublication failing = StagePublication.begin(lake, DT, "run-2", TABLES);
    assertThatThrownBy(() -> failing.run(() -> graph(failing, true)))
        .hasStackTraceContaining("Cannot check rule: ");

    for (StagePublication.Output output : TABLES) {
      assertThat(lake.snapshot(output.table(), DT))
          .as(output.table().toString())
          .contains(before.get(output.table()));
      assertThat(children(lake.partitionPath(output.table(), DT)))
          .as("only the committed run's data files of %s", output.table())
          .containsExactly(before.get(output.table()).directory());
    }
    assertThat(lake.tempPath("run-2")).doesNotExist();
  }

  @Test
  void aGraphThatCannotBeBuiltAbortsToo() throws IOException {
    Lake lake = Lake.at(root);
    StagePublication publication = StagePublication.begin(lake, DT, "run-1", TABLES);
    assertThatThrownBy(
            () ->
                publication.run(
                    () -> {
                      throw new IllegalArgumentException("Cannot build graph: test");
                    }))
        .hasMessage("Cannot build graph: test");

    for (StagePublication.Output output : TABLES) {
      assertThat(children(lake.partitionPath(output.table(), DT)))
          .as(output.table().toString())
          .isEmpty();
    }
  }

  @Test
  void aTableNamedTwiceOrNotBegunIsRefused() throws IOException {
    Lake lake = Lake.at(root);
    assertThatThrownBy(
            () -> StagePublication.begin(lake, DT, "run-1", List.of(TABLES.get(0), TABLES.get(0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot publish a table twice in one run: silver.quality_report");
    assertThat(children(lake.partitionPath(Tables.SILVER_QUALITY_REPORT, DT)))
        .as("the first one is aborted")
        .isEmpty();

    StagePublication publication = StagePublication.begin(lake, DT, "run-1", TABLES);
    assertThatThrownBy(() -> publication.pending(Tables.SILVER_BOOKS))
        .hasMessageStartingWith("Cannot find table in this publication: silver.books");
  }
}
