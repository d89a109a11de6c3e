package dev.bookslake.lake.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
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

  /**
   * Turns rows Iceberg's Parquet reader produced into the generated record class {@code type}. What
   * each field needs (an instant, a date, a string) is worked out once here, not per row.
   */
  public static <T extends SpecificRecord> Function<IndexedRecord, T> fromIceberg(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    Schema target = model.getSchema(type);
    List<Schema.Field> fields = target.getFields();
    Kind[] kinds = fields.stream().map(f -> Kind.of(f.schema())).toArray(Kind[]::new);
    return row -> {
      @SuppressWarnings("unchecked")
      T record = (T) model.newRecord(null, target);
      Schema source = row.getSchema();
      for (int i = 0; i < kinds.length; i++) {
        Schema.Field from = source.getField(fields.get(i).name());
        Object value = from == null ? null : row.get(from.pos());
        record.put(i, value == null ? null : kinds[i].fromIceberg(value));
      }
      return record;
    };
  }

  /** How a field's value changes on its way out of Iceberg's Avro form. */
  private enum Kind {
    INSTANT {
      @Override
      Object fromIceberg(Object value) {
        long micros = ((Number) value).longValue();
        return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
      }
    },
    DATE {
      @Override
      Object fromIceberg(Object value) {
        return LocalDate.ofEpochDay(((Number) value).intValue());
      }
    },
    STRING {
      @Override
      Object fromIceberg(Object value) {
        return value.toString();
      }
    },
    SAME {
      @Override
      Object fromIceberg(Object value) {
        return value;
      }
    };

    abstract Object fromIceberg(Object value);

    static Kind of(Schema schema) {
      Schema type = nonNull(schema);
      LogicalType logical = type.getLogicalType();
      if (logical instanceof LogicalTypes.TimestampMillis
          || logical instanceof LogicalTypes.TimestampMicros) {
        return INSTANT;
      }
      if (logical instanceof LogicalTypes.Date) {
        return DATE;
      }
      return type.getType() == Schema.Type.STRING ? STRING : SAME;
    }
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

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    List<Schema> types = schema.getTypes();
    return types.stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
  }
}
