package dev.bookslake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.internal.LakeCatalog;
import dev.bookslake.lake.internal.LocalFileIO;
import dev.bookslake.schemas.bronze.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Table;
import org.apache.iceberg.parquet.ParquetUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableFilesTest {
  @TempDir Path root;

  @Test
  void describeReportsWhatIcebergReadsFromTheFooter() throws Exception {
    Path file = root.resolve("part-0.parquet");
    TableFiles.write(Page.class, file, LakeTest.pages(LocalDate.parse("2026-01-01"), "run-1", 25));

    try (LakeCatalog catalog = LakeCatalog.open(root.resolve("lake"))) {
      Table table = catalog.table(Tables.BRONZE_PAGES);
      DataFile described = TableFiles.describe(table, file, "2026-01-01");
      Metrics footer =
          ParquetUtil.fileMetrics(
              new LocalFileIO().newInputFile(file.toString()), MetricsConfig.forTable(table));

      assertThat(described.location()).isEqualTo(file.toString());
      assertThat(described.fileSizeInBytes()).isEqualTo(Files.size(file));
      assertThat(described.partition().get(0, String.class)).isEqualTo("2026-01-01");
      assertThat(described.recordCount()).isEqualTo(25).isEqualTo(footer.recordCount());
      assertThat(described.columnSizes()).isEqualTo(footer.columnSizes());
      assertThat(described.valueCounts()).isEqualTo(footer.valueCounts());
      assertThat(described.nullValueCounts()).isEqualTo(footer.nullValueCounts()).isNotEmpty();
      assertThat(described.lowerBounds()).isEqualTo(footer.lowerBounds()).isNotEmpty();
      assertThat(described.upperBounds()).isEqualTo(footer.upperBounds());
    }
  }
}
