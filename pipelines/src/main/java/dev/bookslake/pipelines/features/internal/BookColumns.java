package dev.bookslake.pipelines.features.internal;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** A record's columns by name, the form {@code FeatureVectorizer} reads. */
public final class BookColumns {
  private BookColumns() {}

  /** Column name to value (logical types as Java values: BigDecimal, LocalDate, Instant). */
  public static Map<String, Object> of(SpecificRecord record) {
    Map<String, Object> columns = new HashMap<>();
    for (Schema.Field field : record.getSchema().getFields()) {
      columns.put(field.name(), record.get(field.pos()));
    }
    return columns;
  }

  /** Copies every column of {@code from} into the same-named column of {@code to}. */
  public static void copy(SpecificRecord from, SpecificRecord to) {
    Schema target = to.getSchema();
    for (Schema.Field field : from.getSchema().getFields()) {
      Schema.Field into = target.getField(field.name());
      if (into == null) {
        throw new IllegalStateException(
            "Cannot copy column " + field.name() + ": " + target.getName() + " has no such column");
      }
      to.put(into.pos(), from.get(field.pos()));
    }
  }

  /** Writes a feature vector into the columns at {@code positions}. */
  public static void putFeatures(SpecificRecord record, int[] positions, float[] vector) {
    for (int i = 0; i < positions.length; i++) {
      record.put(positions[i], vector[i]);
    }
  }
}
