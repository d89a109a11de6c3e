package dev.bookslake.pipelines.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.Tables;
import dev.bookslake.schemas.silver.Book;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeIOTest {
  private static final LocalDate DT = LocalDate.parse("2026-01-01");

  @TempDir Path root;

  static Book book(String upc, String price, String description) {
    return Book.newBuilder()
        .setUpc(upc)
        .setSiteId(7)
        .setTitle("It's Only the Himalayas")
        .setCategory("Travel")
        .setPriceExclTax(new BigDecimal(price))
        .setPriceInclTax(new BigDecimal(price))
        .setTax(new BigDecimal("0.00"))
        .setCurrency("GBP")
        .setStockCount(19)
        .setInStock(true)
        .setRating(2)
        .setReviewCount(0)
        .setDescription(description)
        .setImageUrl("http://127.0.0.1/media/cache/27/a5/x.jpg")
        .setProductUrl("http://127.0.0.1/catalogue/its-only-the-himalayas_981/index.html")
        .setPageSha256("00")
        .setScrapedAt(Instant.parse("2026-01-01T10:15:30.123Z"))
        .setRunId("run-1")
        .setDt(DT.toString())
        .build();
  }

  @Test
  void writesParquetThatReadsBackAsTheSameTypedRecords() {
    Lake lake = Lake.at(root);
    List<Book> books =
        List.of(
            book("a897fe39b1053632", "45.17", "Wanderlust ...more"),
            book("0312262ecafa5a40", "12.50", null));
    PendingSnapshot pending = lake.begin(Tables.SILVER_BOOKS, DT, "run-1");

    TestPipeline write = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    write
        .apply(Create.of(books).withCoder(AvroCoder.of(Book.class)))
        .apply(
            LakeIO.write(Book.class)
                .to(pending.directory().toString())
                .withTempDirectory(lake.tempPath("run-1").toString())
                .withNumShards(2)
                .withRowCounter("silver.books"));
    PipelineResult result = write.run();
    result.waitUntilFinish();
    Snapshot snapshot = LakeIO.commit(pending, Book.class, 2);

    assertThat(snapshot.files()).as("at most one file per shard").hasSizeBetween(1, 2);
    assertThat(dev.bookslake.pipelines.common.StageRuns.rowsWritten(result, "silver.books"))
        .isEqualTo(2);

    TestPipeline read = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PAssert.that(read.apply(LakeIO.read(Book.class, snapshot.fileNames())))
        .containsInAnyOrder(books);
    read.run().waitUntilFinish();
  }

  @Test
  void anEmptyTableStillHasAFileWithItsSchema() {
    Lake lake = Lake.at(root);
    PendingSnapshot pending = lake.begin(Tables.SILVER_BOOKS, DT, "run-2");
    TestPipeline write = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    write
        .apply(Create.empty(AvroCoder.of(Book.class)))
        .apply(
            LakeIO.write(Book.class)
                .to(pending.directory().toString())
                .withTempDirectory(lake.tempPath("run-2").toString()));
    write.run().waitUntilFinish();
    Snapshot snapshot = LakeIO.commit(pending, Book.class, 0);

    assertThat(snapshot.files()).hasSize(1);
    TestPipeline read = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PAssert.that(read.apply(LakeIO.read(Book.class, snapshot.fileNames()))).empty();
    read.run().waitUntilFinish();
  }
}
