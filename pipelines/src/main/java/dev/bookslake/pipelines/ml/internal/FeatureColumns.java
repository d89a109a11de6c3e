package dev.bookslake.pipelines.ml.internal;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Picks named float columns out of an Avro row (gold.features, gold.training_data) as a vector,
 * in the order a model was trained with.
 */
public final class FeatureColumns {
  private FeatureColumns() {}

  /** The field positions of the columns in the schema. */
  public static int[] positions(Schema schema, List<String> columns) {
    int[] positions = new int[columns.size()];
    for (int i = 0; i < positions.length; i++) {
      Schema.Field field = schema.getField(columns.get(i));
      if (field == null) {
        throw new IllegalArgumentException(
            "Cannot find feature column in " + schema.getName() + ": " + columns.get(i));
      }
      positions[i] = field.pos();
    }
    return positions;
  }

  /** The vector of one row. */
  public static float[] vector(IndexedRecord row, int[] positions) {
    float[] vector = new float[positions.length];
    for (int i = 0; i < positions.length; i++) {
      vector[i] = ((Number) row.get(positions[i])).floatValue();
    }
    return vector;
  }
}
