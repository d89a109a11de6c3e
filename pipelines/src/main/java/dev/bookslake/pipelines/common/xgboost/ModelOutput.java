package dev.bookslake.pipelines.common.xgboost;

import java.util.List;

/**
 * What one raw XGBoost output means: for a classifier (one probability per class, in label order)
 * the class value of the most probable label and its probability; for a regressor the number
 * itself.
 *
 * <pre>{@code
 * ModelOutput.decode(new float[] {0.1f, 0.7f, 0.2f}, List.of(1, 2, 3));   // value 2.0, probability 0.7
 * ModelOutput.decode(new float[] {42.5f}, List.of());                      // value 42.5, probability null
 * }</pre>
 *
 * @param value the class value (e.g. 4 stars) or the regressed number
 * @param probability the predicted class's probability, or null for a regressor
 */
public record ModelOutput(double value, Double probability) {

  /**
   * Decodes one output row.
   *
   * @param classes class values in label order; empty for a regressor
   */
  public static ModelOutput decode(float[] raw, List<Integer> classes) {
    if (classes == null || classes.isEmpty()) {
      return new ModelOutput(raw[0], null);
    }
    if (raw.length != classes.size()) {
      throw new IllegalArgumentException(
          "Cannot decode classifier output: "
              + raw.length
              + " probabilities for classes "
              + classes);
    }
    int best = 0;
    for (int i = 1; i < raw.length; i++) {
      // Strictly greater: ties go to the lower label, so decoding is deterministic.
      if (raw[i] > raw[best]) {
        best = i;
      }
    }
    return new ModelOutput(classes.get(best), (double) raw[best]);
  }
}
