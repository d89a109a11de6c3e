package dev.bookslake.pipelines.train;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.common.RecordColumns;
import dev.bookslake.pipelines.common.xgboost.FeatureColumns;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.features.Target;
import dev.bookslake.schemas.gold.TrainingExample;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One target's view of {@code gold.training_data} for a {@code dt}: the columns a model of the
 * target may see (the contract's {@code excludes} left out), in three disjoint parts. The table's
 * own {@code split} column gives the held-out test rows; the {@code split='train'} rows are cut by
 * {@link ValidationSlice} into rows the candidates are fitted on and rows they are chosen by, so
 * the test rows judge the chosen model without having chosen it.
 *
 * <pre>{@code
 * TrainingSet data = TrainingSet.read(Lake.open("lake/warehouse"), LocalDate.parse("2026-01-01"),
 *     FeatureContract.load(), "rating");
 * }</pre>
 *
 * @param dt the training data's {@code dt}
 * @param target the target
 * @param featureNames the vector columns, in order
 * @param fit train rows the candidates and the baseline learn from
 * @param validation train rows the candidates are ranked on (never learnt from)
 * @param test held-out rows every reported metric, the baseline verdict and the production
 *     comparison come from (never learnt from, never ranked on)
 */
public record TrainingSet(
    LocalDate dt,
    Target target,
    List<String> featureNames,
    Split fit,
    Split validation,
    Split test) {

  /**
   * Rows of one part.
   *
   * <pre>{@code
   * float[][] raw = Boosters.predict(booster, data.test().x());   // one output per data.test().labels()[i]
   * }</pre>
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
   *     feature contract, or a part is empty
   */
  public static TrainingSet read(
      Lake lake, LocalDate dt, FeatureContract contract, String targetName) {
    Target target = contract.target(targetName);
    Snapshot snapshot =
        lake.snapshot(Tables.GOLD_TRAINING_DATA, dt)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot train "
                            + targetName
                            + " for dt="
                            + dt
                            + ": "
                            + Tables.GOLD_TRAINING_DATA
                            + " has no snapshot for it (run ./bookslake features first)"));
    List<String> names = contract.featureNames(targetName);
    int[] positions = RecordColumns.positions(TrainingExample.getClassSchema(), names);
    // The table names each target's true value target_<name> (target_rating, target_price).
    int truthColumn =
        RecordColumns.positions(TrainingExample.getClassSchema(), List.of("target_" + targetName))[
            0];
    Rows fit = new Rows();
    Rows validation = new Rows();
    Rows test = new Rows();
    for (TrainingExample row : LakeIO.readRows(snapshot, TrainingExample.class)) {
      if (!contract.hash().equals(row.getFeatureContractHash())) {
        throw new IllegalStateException(
            "Cannot train "
                + targetName
                + " on "
                + Tables.GOLD_TRAINING_DATA
                + " dt="
                + dt
                + ": it was built with feature contract "
                + row.getFeatureContractHash()
                + ", this build's is "
                + contract.hash()
                + " (re-run ./bookslake features for that dt)");
      }
      Rows part =
          "test".equals(row.getSplit())
              ? test
              : ValidationSlice.contains(row.getUpc()) ? validation : fit;
      part.x().add(FeatureColumns.vector(row, positions));
      part.y().add(target.label(row.get(truthColumn)));
    }
    if (fit.x().isEmpty() || validation.x().isEmpty() || test.x().isEmpty()) {
      throw new IllegalStateException(
          "Cannot train "
              + targetName
              + " on "
              + Tables.GOLD_TRAINING_DATA
              + " dt="
              + dt
              + ": it has "
              + fit.x().size()
              + " fit, "
              + validation.x().size()
              + " validation and "
              + test.x().size()
              + " test rows; every part needs rows");
    }
    return new TrainingSet(dt, target, names, fit.split(), validation.split(), test.split());
  }

  /** One part's rows while they are read. */
  private record Rows(List<float[]> x, List<Float> y) {
    Rows() {
      this(new ArrayList<>(), new ArrayList<>());
    }

    Split split() {
      float[] labels = new float[y.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = y.get(i);
      }
      return new Split(x, labels);
    }
  }
}
