package dev.bookslake.pipelines.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bookslake.schemas.features.Task;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldOutMetricsTest {
  @Test
  void classificationMetricsMatchAHandCheckedExample() {
    // Class 1: 1 of 1 right (F1 1). Class 2: one right, one 3 taken for a 2 (P 1/2, R 1, F1 2/3).
    // Class 3: one right, one missed (P 1, R 1/2, F1 2/3). One star off once in four.
    Map<String, Double> m =
        HeldOutMetrics.classification(new int[] {1, 2, 3, 3}, new int[] {1, 2, 2, 3});
    assertThat(m.get("accuracy")).isEqualTo(0.75);
    assertThat(m.get("macro_f1")).isCloseTo((1 + 2.0 / 3 + 2.0 / 3) / 3, within(1e-12));
    assertThat(m.get("mae")).isEqualTo(0.25);
  }

  @Test
  void aClassNeverPredictedCountsZeroInMacroF1() {
    Map<String, Double> m = HeldOutMetrics.classification(new int[] {1, 5}, new int[] {1, 1});
    // Class 1: P 1/2, R 1 -> 2/3; class 5: never predicted -> 0.
    assertThat(m.get("macro_f1")).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(m.get("mae")).isEqualTo(2.0);
  }

  @Test
  void regressionMetricsMatchAHandCheckedExample() {
    // Residuals 0,0,0,-1; mean 2.5 so the total sum of squares is 5.
    Map<String, Double> m =
        HeldOutMetrics.regression(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 5});
    assertThat(m.get("rmse")).isEqualTo(0.5);
    assertThat(m.get("mae")).isEqualTo(0.25);
    assertThat(m.get("r2")).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void selectionMetricsKnowTheirDirectionAndRefuseOtherTasks() {
    assertThat(SelectionMetric.of(Task.CLASSIFICATION, "")).isEqualTo(SelectionMetric.ACCURACY);
    assertThat(SelectionMetric.of(Task.REGRESSION, null)).isEqualTo(SelectionMetric.RMSE);
    assertThat(SelectionMetric.of(Task.CLASSIFICATION, "mae").better(0.5, 0.7)).isTrue();
    assertThat(SelectionMetric.of(Task.REGRESSION, "r2").better(0.5, 0.7)).isFalse();
    assertThat(SelectionMetric.ACCURACY.better(0.5, 0.5)).as("a tie is not better").isFalse();
    assertThatThrownBy(() -> SelectionMetric.of(Task.REGRESSION, "accuracy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot select regression models by metric: accuracy (use one of [rmse, mae, r2])");
  }
}
