package dev.bookslake.pipelines.ml.train;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.pipelines.ml.internal.FeatureColumns;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.features.Target;
import dev.bookslake.schemas.gold.TrainingExample;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One target's view of {@code gold.training_data} for a {@code dt}: the columns a model of the
 * target may see (the contract's {@code excludes} left out), split into train and held-out test
 * rows by the table's own {@code split} column.
 *
 * <pre>{@code
 * TrainingSet data = TrainingSet.read(Lake.open("lake/warehouse"), LocalDate.parse("2026-01-01"),
 *     FeatureContract.load(), "rating");
 * }</pre>
 *
 * @param dt the training data's {@code dt}
 * @param target the target
 * @param featureNames the vector columns, in order
 * @param train rows the models learn from
 * @param test held-out rows every metric comes from
 */
public record TrainingSet(LocalDate dt, Target target, List<String> featureNames, Split train, Split test) {

  /**
   * Rows of one side of the split.
   *
   * @param x feature vectors in {@code featureNames} order
   * @param labels training labels: class index for a classifier, the value for a regressor
   */
  public record Split(List<float[]> x, float[] labels) {
    public int size() {
      return x.size();
    }
  }

  /**
   * Reads the training data of {@code dt} for a target.
   *
   * @throws IllegalStateException when the table has no snapshot for dt, was built with another
   *     feature contract, or a split is empty
   */
  public static TrainingSet read(Lake lake, LocalDate dt, FeatureContract contract, String targetName) {
    Target target = contract.target(targetName);
    Snapshot snapshot = lake.snapshot(Tables.GOLD_TRAINING_DATA, dt).orElseThrow(() -> new IllegalStateException(
        "Cannot train " + targetName + " for dt=" + dt + ": " + Tables.GOLD_TRAINING_DATA
            + " has no snapshot for it (run ./bookslake features first)"));
    List<String> names = contract.featureNames(targetName);
    int[] positions = FeatureColumns.positions(TrainingExample.getClassSchema(), names);
    // The table names each target's true value target_<name> (target_rating, target_price).
    int truthColumn = FeatureColumns.positions(TrainingExample.getClassSchema(), List.of("target_" + targetName))[0];
    List<float[]> trainX = new ArrayList<>();
    List<Float> trainY = new ArrayList<>();
    List<float[]> testX = new ArrayList<>();
    List<Float> testY = new ArrayList<>();
    for (TrainingExample row : LakeIO.readRows(snapshot, TrainingExample.class)) {
      if (!contract.hash().equals(row.getFeatureContractHash())) {
        throw new IllegalStateException("Cannot train " + targetName + " on " + Tables.GOLD_TRAINING_DATA + " dt=" + dt
            + ": it was built with feature contract " + row.getFeatureContractHash() + ", this build's is "
            + contract.hash() + " (re-run ./bookslake features for that dt)");
      }
      Object truth = row.get(truthColumn);
      boolean test = "test".equals(row.getSplit());
      (test ? testX : trainX).add(FeatureColumns.vector(row, positions));
      (test ? testY : trainY).add(target.label(truth));
    }
    if (trainX.isEmpty() || testX.isEmpty()) {
      throw new IllegalStateException("Cannot train " + targetName + " on " + Tables.GOLD_TRAINING_DATA + " dt=" + dt
          + ": it has " + trainX.size() + " train and " + testX.size() + " test rows; both splits need rows");
    }
    return new TrainingSet(dt, target, names, new Split(trainX, floats(trainY)), new Split(testX, floats(testY)));
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
