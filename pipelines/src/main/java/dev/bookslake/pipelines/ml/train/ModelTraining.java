package dev.bookslake.pipelines.ml.train;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Tables;
import dev.bookslake.ml.drift.FeatureStatistics;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.pipelines.common.LakeOptions;
import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.pipelines.ml.internal.Boosters;
import dev.bookslake.pipelines.ml.internal.ModelOutput;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.features.Target;
import dev.bookslake.schemas.features.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.Booster;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code bookslake train}: fits XGBoost candidates ({@link CandidateSpec#DEFAULTS}) and a trivial
 * baseline (majority class / mean) for one target on {@code gold.training_data} of a {@code dt},
 * measures each on the held-out {@code split='test'} rows, and registers the best candidate in the
 * lake's model registry with its parameters, metrics, the baseline's metrics and the training
 * data's feature statistics. The report says plainly whether the model beats the baseline.
 *
 * <p>With {@code --promote-if-better} the new version becomes {@code production} when there is no
 * production model yet, or when it beats the current production model on this run's held-out rows
 * (the production model is loaded and scored on them, so both are judged on the same data). The
 * reason, with both values, is printed and kept in the registry's promotion history.
 *
 * <pre>
 * ./bookslake train --lake lake/warehouse --run-date 2026-01-01 --target rating --promote-if-better
 * ./bookslake train --lake lake/warehouse --run-date 2026-01-01 --target price --metric mae
 * </pre>
 */
public final class ModelTraining {
  /** The candidate name of the trivial baseline. */
  public static final String BASELINE = "baseline";
  /** Who promotions by training are recorded as. */
  public static final String ACTOR = "train --promote-if-better";

  private ModelTraining() {}

  /** Options of {@code bookslake train}. */
  public interface Options extends LakeOptions {
    @Description("Target to train a model for: rating or price (the model's registry name).")
    @Validation.Required
    String getTarget();

    void setTarget(String value);

    @Description("Held-out metric candidates are ranked by: rating accuracy (default), macro_f1 or mae; "
        + "price rmse (default), mae or r2.")
    @Default.String("")
    String getMetric();

    void setMetric(String value);

    @Description("Promote the new version to production if there is none yet or it beats the current "
        + "production model on this run's held-out rows.")
    @Default.Boolean(false)
    boolean getPromoteIfBetter();

    void setPromoteIfBetter(boolean value);
  }

  public static TrainingReport run(Options options) {
    return train(Lake.open(options.getLake()), StageRuns.runDate(options), options.getTarget(), options.getMetric(),
        options.getPromoteIfBetter(), CandidateSpec.DEFAULTS);
  }

  /**
   * Trains, registers and (optionally) promotes.
   *
   * @throws IllegalArgumentException for an unknown target or metric
   * @throws IllegalStateException when the training data is missing or does not match the contract
   */
  public static TrainingReport train(
      Lake lake, LocalDate dt, String targetName, String metricName, boolean promoteIfBetter, List<CandidateSpec> specs) {
    FeatureContract contract = FeatureContract.load();
    Target target = contract.target(targetName);
    SelectionMetric metric = SelectionMetric.of(target.task(), metricName);
    TrainingSet data = TrainingSet.read(lake, dt, contract, targetName);

    List<ModelMetadata.Candidate> candidates = new ArrayList<>();
    double baseline = baseline(target, data.train().labels());
    candidates.add(new ModelMetadata.Candidate(BASELINE, Map.of("predicts", baselineValue(target, baseline)),
        evaluate(target, constant(target, baseline, data.test().size()), data.test().labels()), 0));

    Booster best = null;
    CandidateSpec bestSpec = null;
    Map<String, Double> bestMetrics = null;
    for (CandidateSpec spec : specs) {
      long started = System.nanoTime();
      Booster booster = Boosters.train(data.train().x(), data.train().labels(), spec.params(target), spec.rounds());
      long millis = (System.nanoTime() - started) / 1_000_000;
      Map<String, Double> metrics = evaluate(target, Boosters.predict(booster, data.test().x()), data.test().labels());
      candidates.add(new ModelMetadata.Candidate(spec.name(), spec.params(target), metrics, millis));
      if (best == null || metric.better(metrics.get(metric.key()), bestMetrics.get(metric.key()))) {
        if (best != null) {
          best.dispose();
        }
        best = booster;
        bestSpec = spec;
        bestMetrics = metrics;
      } else {
        booster.dispose();
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("Cannot train " + targetName + " without XGBoost candidates");
    }
    boolean beatsBaseline =
        metric.better(bestMetrics.get(metric.key()), candidates.get(0).metrics().get(metric.key()));

    ModelRegistry registry = ModelRegistry.in(lake);
    ModelVersion registered;
    try {
      registered = register(registry, best, metadata(contract, data, metric, bestSpec, bestMetrics, candidates,
          beatsBaseline));
    } finally {
      best.dispose();
    }
    Promotion promotion =
        promoteIfBetter ? promote(registry, registered, data, metric, bestMetrics, beatsBaseline) : null;
    return new TrainingReport(targetName, dt, data.train().size(), data.test().size(), data.featureNames().size(),
        contract.hash(), metric, baselineValue(target, baseline), candidates, bestSpec.name(), registered.version(),
        beatsBaseline, promotion);
  }

  /** The held-out metrics of raw outputs against labels. */
  static Map<String, Double> evaluate(Target target, float[][] raw, float[] labels) {
    if (target.task() == Task.CLASSIFICATION) {
      int[] actual = new int[labels.length];
      int[] predicted = new int[labels.length];
      for (int i = 0; i < labels.length; i++) {
        actual[i] = target.classes().get((int) labels[i]);
        predicted[i] = (int) ModelOutput.decode(raw[i], target.classes()).value();
      }
      return HeldOutMetrics.classification(actual, predicted);
    }
    double[] actual = new double[labels.length];
    double[] predicted = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      actual[i] = labels[i];
      predicted[i] = raw[i][0];
    }
    return HeldOutMetrics.regression(actual, predicted);
  }

  /** The majority label (the lowest on a tie), or the mean. */
  static double baseline(Target target, float[] labels) {
    if (target.task() == Task.CLASSIFICATION) {
      long[] counts = new long[target.classes().size()];
      for (float label : labels) {
        counts[(int) label]++;
      }
      int majority = 0;
      for (int i = 1; i < counts.length; i++) {
        majority = counts[i] > counts[majority] ? i : majority;
      }
      return majority;
    }
    double sum = 0;
    for (float label : labels) {
      sum += label;
    }
    return sum / labels.length;
  }

  private static String baselineValue(Target target, double baseline) {
    return target.task() == Task.CLASSIFICATION
        ? "always " + target.classes().get((int) baseline)
        : String.format(Locale.ROOT, "always the mean %.2f", baseline);
  }

  /** Raw outputs of a model that always answers the baseline. */
  private static float[][] constant(Target target, double baseline, int rows) {
    float[][] raw = new float[rows][];
    for (int i = 0; i < rows; i++) {
      if (target.task() == Task.CLASSIFICATION) {
        raw[i] = new float[target.classes().size()];
        raw[i][(int) baseline] = 1f;
      } else {
        raw[i] = new float[] {(float) baseline};
      }
    }
    return raw;
  }

  private static ModelMetadata metadata(FeatureContract contract, TrainingSet data, SelectionMetric metric,
      CandidateSpec spec, Map<String, Double> metrics, List<ModelMetadata.Candidate> candidates, boolean beatsBaseline) {
    Target target = data.target();
    List<FeatureStatistics> statistics = FeatureStatistics.of(contract.features(target.name()), data.train().x());
    return new ModelMetadata(
        target.name(), 0, target.name(), target.task().jsonName(), "model.json", "xgboost-json", Boosters.ENGINE,
        new TreeMap<>(spec.params(target)), metric.key(), metrics, candidates.get(0).metrics(), beatsBaseline,
        candidates, target.task() == Task.CLASSIFICATION ? target.classes() : null, contract.hash(),
        data.featureNames(), Tables.GOLD_TRAINING_DATA.toString(), data.dt().toString(), data.train().size(),
        data.test().size(), statistics, null);
  }

  private static ModelVersion register(ModelRegistry registry, Booster booster, ModelMetadata metadata) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("bookslake-train-");
      Path file = dir.resolve("model.json");
      Boosters.save(booster, file);
      return registry.register(metadata.name(), file, metadata);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save trained model to a temporary folder", e);
    } finally {
      if (dir != null) {
        try {
          Files.deleteIfExists(dir.resolve("model.json"));
          Files.deleteIfExists(dir);
        } catch (IOException e) {
          // A stray temporary file is not worth failing a registered training run for.
        }
      }
    }
  }

  private static Promotion promote(ModelRegistry registry, ModelVersion candidate, TrainingSet data,
      SelectionMetric metric, Map<String, Double> metrics, boolean beatsBaseline) {
    String name = candidate.name();
    String m = metric.key();
    double mine = metrics.get(m);
    var production = registry.alias(name, ModelRegistry.PRODUCTION);
    String reason;
    if (production.isEmpty()) {
      reason = String.format(Locale.ROOT, "no production model yet; v%d %s %.4f on %d held-out rows of dt=%s%s",
          candidate.version(), m, mine, data.test().size(), data.dt(),
          beatsBaseline ? "" : " (it does not beat the baseline)");
    } else {
      ModelVersion current = production.get();
      ModelMetadata meta = current.metadata();
      if (!candidate.metadata().featureContractHash().equals(meta.featureContractHash())
          || !data.featureNames().equals(meta.featureNames())) {
        reason = String.format(Locale.ROOT,
            "production v%d was trained on another feature contract (%s) and cannot score these vectors",
            current.version(), meta.featureContractHash());
      } else {
        Booster booster = Boosters.load(current.modelFile());
        double theirs;
        try {
          theirs = evaluate(data.target(), Boosters.predict(booster, data.test().x()), data.test().labels()).get(m);
        } finally {
          booster.dispose();
        }
        String comparison = String.format(Locale.ROOT, "%s v%d %.4f vs production v%d %.4f on the same %d held-out rows"
            + " of dt=%s", m, candidate.version(), mine, current.version(), theirs, data.test().size(), data.dt());
        if (!metric.better(mine, theirs)) {
          return new Promotion(false, current.version(), comparison + " (" + m + " "
              + (metric.higherIsBetter() ? "higher" : "lower") + " is better; not better)");
        }
        reason = comparison;
      }
    }
    registry.promote(name, candidate.version(), ModelRegistry.PRODUCTION, ACTOR, reason);
    return new Promotion(true, production.map(ModelVersion::version).orElse(null), reason);
  }
}
