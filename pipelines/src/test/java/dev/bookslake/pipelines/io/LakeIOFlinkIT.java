package dev.bookslake.pipelines.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.Tables;
import dev.bookslake.schemas.silver.Book;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LakeIO on the embedded Flink cluster: the coders and Parquet sink work off the DirectRunner too.
 */
class LakeIOFlinkIT {
  @TempDir Path root;

  private static Pipeline flink() {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(2);
    return Pipeline.create(options);
  }

  @Test
  void roundTripsRecordsWithLogicalTypesOnFlink() {
    Lake lake = Lake.at(root);
    LocalDate dt = LocalDate.parse("2026-01-01");
    List<Book> books =
        IntStream.range(0, 50)
            .mapToObj(
                i ->
                    LakeIOTest.book(
                        String.format("%016x", i), (10 + i) + ".99", i % 7 == 0 ? null : "d" + i))
            .toList();
    PendingSnapshot pending = lake.begin(Tables.SILVER_BOOKS, dt, "flink-1");
    Pipeline write = flink();
    write
        .apply(Create.of(books).withCoder(AvroCoder.of(Book.class)))
        .apply(
            LakeIO.write(Book.class)
                .to(pending.directory().toString())
                .withTempDirectory(lake.tempPath("flink-1").toString())
                .withNumShards(3));
    write.run().waitUntilFinish();
    Snapshot snapshot = LakeIO.commit(pending, Book.class, books.size());
    assertThat(snapshot.files()).isNotEmpty();

    Pipeline read = flink();
    PAssert.that(read.apply(LakeIO.read(Book.class, snapshot.fileNames())))
        .containsInAnyOrder(books);
    read.run().waitUntilFinish();
  }
}
