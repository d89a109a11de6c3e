package dev.bookslake.pipelines.train;

import dev.bookslake.schemas.features.Task;
import java.util.Arrays;
import java.util.List;

/**
 * The held-out metric candidates are ranked by, and which way is better.
 *
 * <pre>{@code
 * SelectionMetric m = SelectionMetric.of(Task.REGRESSION, "mae");   // --metric mae
 * m.better(12.1, 12.9);                                              // true: lower is better
 * }</pre>
 */
public enum SelectionMetric {
  ACCURACY(Task.CLASSIFICATION, "accuracy", true),
  MACRO_F1(Task.CLASSIFICATION, "macro_f1", true),
  CLASS_MAE(Task.CLASSIFICATION, "mae", false),
  RMSE(Task.REGRESSION, "rmse", false),
  MAE(Task.REGRESSION, "mae", false),
  R2(Task.REGRESSION, "r2", true);

  private final Task task;
  private final String key;
  private final boolean higherIsBetter;

  SelectionMetric(Task task, String key, boolean higherIsBetter) {
    this.task = task;
    this.key = key;
    this.higherIsBetter = higherIsBetter;
  }

  /** The metric's name in reports and metadata, e.g. {@code macro_f1}. */
  public String key() {
    return key;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** Whether {@code a} is strictly better than {@code b}; a tie is not better. */
  public boolean better(double a, double b) {
    return higherIsBetter ? a > b : a < b;
  }

  /** accuracy for a classifier, rmse for a regressor. */
  public static SelectionMetric defaultFor(Task task) {
    return task == Task.CLASSIFICATION ? ACCURACY : RMSE;
  }

  /** The named metric of a task; a blank name means the task's default. */
  public static SelectionMetric of(Task task, String name) {
    if (name == null || name.isBlank()) {
      return defaultFor(task);
    }
    return Arrays.stream(values())
        .filter(m -> m.task == task && m.key.equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Cannot select "
                        + task.jsonName()
                        + " models by metric: "
                        + name
                        + " (use one of "
                        + keys(task)
                        + ")"));
  }

  static List<String> keys(Task task) {
    return Arrays.stream(values()).filter(m -> m.task == task).map(SelectionMetric::key).toList();
  }
}
