package dev.bookslake.pipelines.common.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch prediction scores one book at a time with {@code inplace_predict}; training, promotion and
 * the tests that compare with DJL use DMatrix predictions. Both must give the same floats, or
 * gold.predictions and the API would disagree on the same book.
 */
class BoostersTest {
  @TempDir Path dir;

  @Test
  void oneRowInPlaceEqualsTheDMatrixPredictionBitForBitAfterASaveAndLoad() throws Exception {
    Random random = new Random(5);
    List<float[]> rows = new ArrayList<>();
    float[] labels = new float[1000];
    for (int i = 0; i < 1000; i++) {
      float[] row = new float[12];
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextInt(10) == 0 ? 0 : (float) random.nextGaussian();
      }
      rows.add(row);
      labels[i] = row[0] + row[1] > 0.5 ? 2 : row[2] > 0 ? 1 : 0;
    }
    Booster trained =
        Boosters.train(
            rows,
            labels,
            Map.of(
                "objective",
                "multi:softprob",
                "num_class",
                3,
                "max_depth",
                4,
                "eta",
                0.3,
                "seed",
                1,
                "nthread",
                1),
            20);
    Path file = dir.resolve("model.json");
    Boosters.save(trained, file);
    Booster loaded = Boosters.load(file);
    try {
      float[][] batch = Boosters.predict(trained, rows);
      for (int i = 0; i < rows.size(); i++) {
        assertThat(Boosters.predictOne(loaded, rows.get(i)))
            .as("row %d", i)
            .containsExactly(batch[i]);
      }
    } finally {
      trained.dispose();
      loaded.dispose();
    }
  }
}
