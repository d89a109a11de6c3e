package dev.bookslake.pipelines.clean;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.schemas.silver.Book;
import dev.bookslake.schemas.silver.BookPriceStock;
import dev.bookslake.schemas.silver.QualityCheck;
import dev.bookslake.schemas.silver.QuarantinedBook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FlinkRunner (embedded mini-cluster) publishes exactly the silver rows the DirectRunner does.
 */
class CleanPipelineFlinkIT {
  private static final LocalDate DAY0 = LocalDate.parse("2026-01-01");
  private static final LocalDate DAY1 = LocalDate.parse("2026-01-02");

  @TempDir Path direct;
  @TempDir Path flink;

  @Test
  void flinkPublishesTheSameSilverTablesAsTheDirectRunner() throws IOException {
    Lake lake = Lake.at(direct);
    CleanPipelineIT.writeBronze(lake, DAY0, CleanPipelineIT.day0());
    CleanPipelineIT.writeBronze(lake, DAY1, CleanPipelineIT.day1());
    CleanPipeline.run(options(direct, DAY0));
    // Flink starts from the same lake after day 0, so it also reads a previous history partition.
    copyTree(direct, flink);
    CleanPipeline.run(options(direct, DAY1));

    CleanPipeline.Summary summary =
        CleanPipeline.run(
            options(
                flink, DAY1, "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));

    assertThat(summary.books()).isEqualTo(4);
    assertSameRows(Tables.SILVER_BOOKS, Book.class, DAY1);
    assertSameRows(Tables.SILVER_QUARANTINE, QuarantinedBook.class, DAY1);
    assertSameRows(Tables.SILVER_BOOK_HISTORY, BookPriceStock.class, DAY1);
    assertSameRows(Tables.SILVER_QUALITY_REPORT, QualityCheck.class, DAY1);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private <T extends SpecificRecord> void assertSameRows(TableId table, Class<T> type, LocalDate dt)
      throws IOException {
    List<String> expected = rows(direct, table, type, dt);
    assertThat(expected).as(table + " " + dt).isNotEmpty();
    assertThat(rows(flink, table, type, dt)).as(table + " " + dt).isEqualTo(expected);
  }

  private static <T extends SpecificRecord> List<String> rows(
      Path root, TableId table, Class<T> type, LocalDate dt) throws IOException {
    return CleanPipelineIT.read(type, Lake.at(root).snapshot(table, dt).orElseThrow()).stream()
        .map(Object::toString)
        .sorted()
        .toList();
  }

  private static CleanPipeline.Options options(Path root, LocalDate dt, String... runner) {
    String[] args = new String[3 + runner.length];
    args[0] = "--lake=" + root;
    args[1] = "--runDate=" + dt;
    // The same run id on both runners, so the rows can be compared whole.
    args[2] = "--runId=clean-" + dt;
    System.arraycopy(runner, 0, args, 3, runner.length);
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(CleanPipeline.Options.class);
  }
}
