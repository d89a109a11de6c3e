package dev.bookslake.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.internal.LakeCatalog;
import dev.bookslake.schemas.bronze.Page;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Avro contract and the Iceberg tables agree, column for column, id for id. */
class LakeCatalogTest {
  @TempDir Path root;

  @Test
  void everyTablesIcebergSchemaIsItsAvroSchemaWithFieldIdsInOrder() {
    Lake lake = Lake.at(root);
    lake.createMissingTables();
    try (LakeCatalog catalog = LakeCatalog.open(lake.root())) {
      for (TableId id : Tables.ALL) {
        org.apache.avro.Schema avro = Tables.schema(id);
        Table table = catalog.find(id).orElseThrow();
        assertThat(table.schema().sameSchema(TableFiles.icebergSchema(avro)))
            .as("%s: catalog schema equals the one derived from Avro", id)
            .isTrue();
        assertThat(table.spec().fields())
            .singleElement()
            .satisfies(
                f -> assertThat(table.schema().findColumnName(f.sourceId())).isEqualTo("dt"));
        List<org.apache.avro.Schema.Field> fields = avro.getFields();
        List<Types.NestedField> columns = table.schema().columns();
        assertThat(columns).hasSameSizeAs(fields);
        for (int i = 0; i < fields.size(); i++) {
          org.apache.avro.Schema.Field field = fields.get(i);
          Types.NestedField column = columns.get(i);
          assertThat(column.name()).isEqualTo(field.name());
          assertThat(column.fieldId()).as("%s.%s id", id, field.name()).isEqualTo(i + 1);
          boolean nullable =
              field.schema().isUnion()
                  && field.schema().getTypes().stream()
                      .anyMatch(s -> s.getType() == org.apache.avro.Schema.Type.NULL);
          assertThat(column.isOptional())
              .as("%s.%s optional", id, field.name())
              .isEqualTo(nullable);
          assertThat(column.doc()).isEqualTo(field.doc());
          assertType(id + "." + field.name(), nonNull(field.schema()), column.type());
        }
      }
    }
  }

  private static org.apache.avro.Schema nonNull(org.apache.avro.Schema schema) {
    return schema.isUnion()
        ? schema.getTypes().stream()
            .filter(s -> s.getType() != org.apache.avro.Schema.Type.NULL)
            .findFirst()
            .orElseThrow()
        : schema;
  }

  private static void assertType(String column, org.apache.avro.Schema avro, Type iceberg) {
    if (avro.getLogicalType() instanceof LogicalTypes.Decimal d) {
      assertThat(iceberg)
          .as(column)
          .isEqualTo(Types.DecimalType.of(d.getPrecision(), d.getScale()));
    } else if (avro.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
      assertThat(iceberg).as(column + " is an instant").isEqualTo(Types.TimestampType.withZone());
    } else if (avro.getLogicalType() instanceof LogicalTypes.Date) {
      assertThat(iceberg).as(column).isEqualTo(Types.DateType.get());
    } else {
      Type expected =
          switch (avro.getType()) {
            case STRING -> Types.StringType.get();
            case INT -> Types.IntegerType.get();
            case LONG -> Types.LongType.get();
            case DOUBLE -> Types.DoubleType.get();
            case FLOAT -> Types.FloatType.get();
            case BOOLEAN -> Types.BooleanType.get();
            default -> throw new AssertionError("Cannot map Avro type of " + column + ": " + avro);
          };
      assertThat(iceberg).as(column).isEqualTo(expected);
    }
  }

  @Test
  void dataFilesCarryTheTablesFieldIds() throws Exception {
    Lake lake = Lake.at(root);
    Snapshot written = LakeTest.write(lake, java.time.LocalDate.parse("2026-01-01"), "run-1", 2, 1);
    MessageType parquet;
    try (ParquetFileReader reader =
        ParquetFileReader.open(new LocalInputFile(written.files().get(0)))) {
      parquet = reader.getFileMetaData().getSchema();
    }
    org.apache.iceberg.Schema schema = TableFiles.icebergSchema(Page.getClassSchema());
    for (Types.NestedField column : schema.columns()) {
      assertThat(parquet.getType(column.name()).getId())
          .as("field id of %s in the Parquet footer", column.name())
          .isNotNull()
          .extracting(org.apache.parquet.schema.Type.ID::intValue)
          .isEqualTo(column.fieldId());
    }
  }
}
