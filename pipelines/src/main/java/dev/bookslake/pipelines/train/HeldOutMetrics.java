package dev.bookslake.pipelines.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The held-out measures training reports, computed the usual way (as scikit-learn does).
 *
 * <pre>{@code
 * HeldOutMetrics.classification(new int[] {1, 2, 3}, new int[] {1, 2, 2});
 * // {accuracy=0.667, macro_f1=0.556, mae=0.333}
 * }</pre>
 */
public final class HeldOutMetrics {
  private HeldOutMetrics() {}

  /**
   * Accuracy, macro-averaged F1 over every class seen in either array (a class never predicted
   * scores F1 0), and the mean absolute error between the class values (1 star off costs 1).
   */
  public static Map<String, Double> classification(int[] actual, int[] predicted) {
    check(actual.length, predicted.length);
    TreeSet<Integer> classes = new TreeSet<>();
    long correct = 0;
    double absolute = 0;
    for (int i = 0; i < actual.length; i++) {
      classes.add(actual[i]);
      classes.add(predicted[i]);
      correct += actual[i] == predicted[i] ? 1 : 0;
      absolute += Math.abs(actual[i] - predicted[i]);
    }
    double f1Sum = 0;
    for (int c : classes) {
      long tp = 0;
      long fp = 0;
      long fn = 0;
      for (int i = 0; i < actual.length; i++) {
        boolean isActual = actual[i] == c;
        boolean isPredicted = predicted[i] == c;
        tp += isActual && isPredicted ? 1 : 0;
        fp += !isActual && isPredicted ? 1 : 0;
        fn += isActual && !isPredicted ? 1 : 0;
      }
      f1Sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", (double) correct / actual.length);
    metrics.put("macro_f1", f1Sum / classes.size());
    metrics.put("mae", absolute / actual.length);
    return metrics;
  }

  /**
   * Root mean squared error, mean absolute error and R² (1 - residual / total sum of squares; with
   * constant actual values 1 for a perfect fit, else 0).
   */
  public static Map<String, Double> regression(double[] actual, double[] predicted) {
    check(actual.length, predicted.length);
    double mean = 0;
    for (double a : actual) {
      mean += a / actual.length;
    }
    double squared = 0;
    double absolute = 0;
    double total = 0;
    for (int i = 0; i < actual.length; i++) {
      double error = actual[i] - predicted[i];
      squared += error * error;
      absolute += Math.abs(error);
      total += (actual[i] - mean) * (actual[i] - mean);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("rmse", Math.sqrt(squared / actual.length));
    metrics.put("mae", absolute / actual.length);
    metrics.put("r2", total == 0 ? (squared == 0 ? 1.0 : 0.0) : 1 - squared / total);
    return metrics;
  }

  private static void check(int actual, int predicted) {
    if (actual == 0 || actual != predicted) {
      throw new IllegalArgumentException(
          "Cannot compute held-out metrics: "
              + actual
              + " actual values against "
              + predicted
              + " predictions");
    }
  }
}
