package dev.bookslake.pipelines.common;

import java.util.List;
import org.apache.avro.Schema;

/**
 * Field positions of named columns in an Avro schema, looked up once (in a DoFn's setup, before a
 * loop) so that per-row code reads and writes by position.
 *
 * <pre>{@code
 * int[] columns = RecordColumns.positions(BookFeatureVector.getClassSchema(), vectorizer.featureNames());
 * }</pre>
 */
public final class RecordColumns {
  private RecordColumns() {}

  /**
   * The positions of the named columns, in the given order.
   *
   * @throws IllegalStateException naming the first column the schema does not have
   */
  public static int[] positions(Schema schema, List<String> names) {
    int[] positions = new int[names.size()];
    for (int i = 0; i < positions.length; i++) {
      Schema.Field field = schema.getField(names.get(i));
      if (field == null) {
        throw new IllegalStateException(
            "Cannot find column " + names.get(i) + ": " + schema.getName() + " has no such column");
      }
      positions[i] = field.pos();
    }
    return positions;
  }
}
