package dev.bookslake.pipelines.common.xgboost;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * xgboost4j calls with its checked {@link XGBoostError} turned into "Cannot ..." failures, and
 * dense float rows in and out. Native memory of every {@link DMatrix} made here is freed at once.
 */
public final class Boosters {
  /** The library that trains, as recorded in model metadata. */
  public static final String ENGINE = "xgboost4j 3.0.4";

  private Boosters() {}

  /** Fits a booster on dense rows; labels are class indices for a classifier. */
  public static Booster train(
      List<float[]> rows, float[] labels, Map<String, Object> params, int rounds) {
    DMatrix data = matrix(rows);
    try {
      data.setLabel(labels);
      return XGBoost.train(data, params, rounds, Map.of(), null, null);
    } catch (XGBoostError e) {
      throw new IllegalStateException(
          "Cannot train XGBoost model with params " + params + ": " + e.getMessage(), e);
    } finally {
      data.dispose();
    }
  }

  /**
   * Raw outputs, one array per row: class probabilities for a classifier, one value for a
   * regressor.
   */
  public static float[][] predict(Booster booster, List<float[]> rows) {
    if (rows.isEmpty()) {
      return new float[0][];
    }
    DMatrix data = matrix(rows);
    try {
      return booster.predict(data);
    } catch (XGBoostError e) {
      throw new IllegalStateException("Cannot predict with XGBoost model: " + e.getMessage(), e);
    } finally {
      data.dispose();
    }
  }

  /** Raw output for one row, without building a DMatrix (the per-book path of batch prediction). */
  public static float[] predictOne(Booster booster, float[] row) throws XGBoostError {
    return booster.inplace_predict(row, 1, row.length, Float.NaN)[0];
  }

  public static Booster load(Path modelFile) {
    try {
      return XGBoost.loadModel(modelFile.toString());
    } catch (XGBoostError e) {
      throw new IllegalStateException(
          "Cannot load XGBoost model: " + modelFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Saves as XGBoost JSON, the format DJL's engine in serving reads; the file name must end in
   * .json.
   */
  public static void save(Booster booster, Path file) {
    try {
      booster.saveModel(file.toString());
    } catch (XGBoostError e) {
      throw new IllegalStateException(
          "Cannot save XGBoost model: " + file + ": " + e.getMessage(), e);
    }
  }

  private static DMatrix matrix(List<float[]> rows) {
    int width = rows.get(0).length;
    float[] flat = new float[rows.size() * width];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, flat, r * width, width);
    }
    try {
      return new DMatrix(flat, rows.size(), width, Float.NaN);
    } catch (XGBoostError e) {
      throw new IllegalStateException(
          "Cannot build XGBoost matrix of " + rows.size() + " rows: " + e.getMessage(), e);
    }
  }
}
