package dev.bookslake.pipelines.common.xgboost;

import org.apache.avro.generic.IndexedRecord;

/**
 * Picks named float columns out of an Avro row (gold.features, gold.training_data) as a vector, in
 * the order a model was trained with (positions from {@code RecordColumns}).
 */
public final class FeatureColumns {
  private FeatureColumns() {}

  /** The vector of one row. */
  public static float[] vector(IndexedRecord row, int[] positions) {
    float[] vector = new float[positions.length];
    for (int i = 0; i < positions.length; i++) {
      vector[i] = ((Number) row.get(positions[i])).floatValue();
    }
    return vector;
  }
}
