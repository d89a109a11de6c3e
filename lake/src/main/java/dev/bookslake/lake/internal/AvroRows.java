package dev.bookslake.lake.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Moves rows between the Avro-generated records of {@code schemas/} and the Avro form Iceberg's
 * Parquet path reads and writes. The two differ only in how time is held: the generated classes use
 * {@code Instant} and {@code LocalDate}, Iceberg's Avro form microseconds and epoch days; decimals
 * ({@code BigDecimal}) and strings pass through. Fields are matched by name, so a file written
 * before a column was added reads with that column null.
 */
public final class AvroRows {
  private AvroRows() {}

  /** A generated record as a row of {@code icebergAvro} (from {@code AvroSchemaUtil.convert}). */
  public static GenericData.Record toIceberg(IndexedRecord record, Schema icebergAvro) {
    GenericData.Record row = new GenericData.Record(icebergAvro);
    Schema source = record.getSchema();
    for (Schema.Field field : icebergAvro.getFields()) {
      Schema.Field from = source.getField(field.name());
      if (from != null) {
        row.put(field.pos(), toIcebergValue(record.get(from.pos())));
      }
    }
    return row;
  }

  /** A row Iceberg's Parquet reader produced, as the generated record class {@code type}. */
  public static <T extends SpecificRecord> T fromIceberg(IndexedRecord row, Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    Schema target = model.getSchema(type);
    @SuppressWarnings("unchecked")
    T record = (T) model.newRecord(null, target);
    Schema source = row.getSchema();
    for (Schema.Field field : target.getFields()) {
      Schema.Field from = source.getField(field.name());
      Object value = from == null ? null : row.get(from.pos());
      record.put(field.pos(), fromIcebergValue(value, field.schema()));
    }
    return record;
  }

  private static Object toIcebergValue(Object value) {
    if (value instanceof Instant instant) {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
    if (value instanceof LocalDate date) {
      return (int) date.toEpochDay();
    }
    return value;
  }

  private static Object fromIcebergValue(Object value, Schema schema) {
    if (value == null) {
      return null;
    }
    Schema type = nonNull(schema);
    LogicalType logical = type.getLogicalType();
    if (logical instanceof LogicalTypes.TimestampMillis
        || logical instanceof LogicalTypes.TimestampMicros) {
      long micros = ((Number) value).longValue();
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
    if (logical instanceof LogicalTypes.Date) {
      return LocalDate.ofEpochDay(((Number) value).intValue());
    }
    if (type.getType() == Schema.Type.STRING) {
      return value.toString();
    }
    return value;
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    List<Schema> types = schema.getTypes();
    return types.stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
  }
}
