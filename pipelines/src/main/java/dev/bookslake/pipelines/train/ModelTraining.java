package dev.bookslake.pipelines.train;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Tables;
import dev.bookslake.ml.drift.FeatureStatistics;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.pipelines.common.LakeOptions;
import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.pipelines.common.xgboost.Boosters;
import dev.bookslake.pipelines.common.xgboost.ModelOutput;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.features.Target;
import dev.bookslake.schemas.features.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * baseline (majority class / mean) for one target on {@code gold.training_data} of a {@code dt} and
 * registers the best candidate in the lake's model registry with its parameters, metrics, the
 * baseline's metrics and the training data's feature statistics. The report says plainly whether
 * the model beats the baseline.
 *
 * <p>Three disjoint sets of rows, so that choosing the winner does not flatter it: candidates learn
 * from the fit rows (the {@code split='train'} rows outside {@link ValidationSlice}), are ranked on
 * the validation rows (inside it), and every reported metric, the baseline verdict and the
 * production comparison come from the {@code split='test'} rows, which neither fit nor choose. The
 * winner is not refitted on the validation rows: the registered model is the one measured.
 *
 * <p>With {@code --promote-if-better} the new version becomes {@code production} when there is no
 * production model yet, or when it beats the current production model on this run's test rows (the
 * production model is loaded and scored on them, so both are judged on the same data), and only if
 * production has not moved meanwhile. The reason, with both values, is printed and kept in the
 * registry's promotion history.
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

    @Description(
        "Held-out metric candidates are ranked by: rating accuracy (default), macro_f1 or mae; "
            + "price rmse (default), mae or r2.")
    @Default.String("")
    String getMetric();

    void setMetric(String value);

    @Description(
        "Promote the new version to production if there is none yet or it beats the current "
            + "production model on this run's held-out test rows (and production has not moved meanwhile).")
    @Default.Boolean(false)
    boolean getPromoteIfBetter();

    void setPromoteIfBetter(boolean value);
  }

  /**
   * Refuses options the command cannot run with before anything is read.
   *
   * @throws IllegalArgumentException for an unknown target or a metric of the other task
   */
  public static void check(Options options) {
    SelectionMetric.of(
        FeatureContract.load().target(options.getTarget()).task(), options.getMetric());
  }

  public static TrainingReport run(Options options) {
    return train(
        Lake.open(options.getLake()),
        StageRuns.runDate(options),
        options.getTarget(),
        options.getMetric(),
        options.getPromoteIfBetter(),
        CandidateSpec.DEFAULTS);
  }

  /**
   * Trains, registers and (optionally) promotes. Candidates and the baseline learn from the fit
   * rows and are ranked on the validation rows; the test rows are only ever measured on, so the
   * winner's reported metrics, the baseline verdict and the production comparison are not biased by
   * having picked the winner.
   *
   * @throws IllegalArgumentException for an unknown target or metric, or no candidates
   * @throws IllegalStateException when the training data is missing or does not match the contract
   */
  public static TrainingReport train(
      Lake lake,
      LocalDate dt,
      String targetName,
      String metricName,
      boolean promoteIfBetter,
      List<CandidateSpec> specs) {
    FeatureContract contract = FeatureContract.load();
    Target target = contract.target(targetName);
    SelectionMetric metric = SelectionMetric.of(target.task(), metricName);
    if (specs.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot train " + targetName + " without XGBoost candidates: " + specs);
    }
    TrainingSet data = TrainingSet.read(lake, dt, contract, targetName);
    String m = metric.key();

    List<ModelMetadata.Candidate> candidates = new ArrayList<>();
    double baseline = baseline(target, data.fit().labels());
    Map<String, Object> baselineParams = new LinkedHashMap<>();
    baselineParams.put("predicts", baselineValue(target, baseline));
    candidates.add(
        new ModelMetadata.Candidate(
            BASELINE,
            withRows(baselineParams, data),
            measured(
                data,
                m,
                constant(target, baseline, data.validation().size()),
                constant(target, baseline, data.test().size())),
            0));

    Booster best = null;
    ModelVersion registered;
    CandidateSpec bestSpec = null;
    Map<String, Double> bestMetrics = null;
    boolean beatsBaseline;
    try {
      for (CandidateSpec spec : specs) {
        long started = System.nanoTime();
        Booster booster =
            Boosters.train(data.fit().x(), data.fit().labels(), spec.params(target), spec.rounds());
        // Whichever of this booster and the previous best loses is freed here, also when scoring
        // throws.
        Booster loser = booster;
        try {
          long millis = (System.nanoTime() - started) / 1_000_000;
          Map<String, Double> metrics =
              measured(
                  data,
                  m,
                  Boosters.predict(booster, data.validation().x()),
                  Boosters.predict(booster, data.test().x()));
          candidates.add(
              new ModelMetadata.Candidate(
                  spec.name(), withRows(spec.params(target), data), metrics, millis));
          if (best == null
              || metric.better(metrics.get(VALIDATION + m), bestMetrics.get(VALIDATION + m))) {
            loser = best;
            best = booster;
            bestSpec = spec;
            bestMetrics = metrics;
          }
        } finally {
          if (loser != null) {
            loser.dispose();
          }
        }
      }
      beatsBaseline = metric.better(bestMetrics.get(m), candidates.get(0).metrics().get(m));
      registered =
          register(
              ModelRegistry.in(lake),
              best,
              metadata(contract, data, metric, bestSpec, bestMetrics, candidates, beatsBaseline));
    } finally {
      if (best != null) {
        best.dispose();
      }
    }
    Promotion promotion =
        promoteIfBetter
            ? apply(
                ModelRegistry.in(lake),
                registered,
                decide(
                    ModelRegistry.in(lake), registered, data, metric, bestMetrics, beatsBaseline))
            : null;
    return new TrainingReport(
        targetName,
        dt,
        data.fit().size(),
        data.validation().size(),
        data.test().size(),
        data.featureNames().size(),
        contract.hash(),
        metric,
        baselineValue(target, baseline),
        candidates,
        bestSpec.name(),
        registered.version(),
        beatsBaseline,
        promotion);
  }

  /**
   * The prefix of the one validation metric in a candidate's metrics: the value it was ranked by.
   */
  public static final String VALIDATION = "validation_";

  /**
   * A candidate's metrics: every metric on the test rows, plus the selection metric on the
   * validation rows under {@link #VALIDATION}{@code <metric>}.
   */
  private static Map<String, Double> measured(
      TrainingSet data, String metric, float[][] validation, float[][] test) {
    Map<String, Double> metrics =
        new LinkedHashMap<>(evaluate(data.target(), test, data.test().labels()));
    metrics.put(
        VALIDATION + metric,
        evaluate(data.target(), validation, data.validation().labels()).get(metric));
    return metrics;
  }

  /** A candidate's parameters with the rows it learnt from and was ranked on. */
  private static Map<String, Object> withRows(Map<String, Object> params, TrainingSet data) {
    Map<String, Object> out = new LinkedHashMap<>(params);
    out.put("fit_rows", data.fit().size());
    out.put("validation_rows", data.validation().size());
    return out;
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

  private static ModelMetadata metadata(
      FeatureContract contract,
      TrainingSet data,
      SelectionMetric metric,
      CandidateSpec spec,
      Map<String, Double> metrics,
      List<ModelMetadata.Candidate> candidates,
      boolean beatsBaseline) {
    Target target = data.target();
    // The model's own training distribution, the one drift is measured against: the fit rows.
    List<FeatureStatistics> statistics =
        FeatureStatistics.of(contract.features(target.name()), data.fit().x());
    return ModelMetadata.builder()
        .name(target.name())
        .target(target.name())
        .task(target.task().jsonName())
        .modelFile("model.json")
        .modelFormat("xgboost-json")
        .engine(Boosters.ENGINE)
        .params(new TreeMap<>(withRows(spec.params(target), data)))
        .selectionMetric(metric.key())
        .metrics(metrics)
        .baselineMetrics(candidates.get(0).metrics())
        .beatsBaseline(beatsBaseline)
        .candidates(candidates)
        .classes(target.task() == Task.CLASSIFICATION ? target.classes() : null)
        .featureContractHash(contract.hash())
        .featureNames(data.featureNames())
        .trainingTable(Tables.GOLD_TRAINING_DATA.toString())
        .trainingDt(data.dt().toString())
        .trainRows(data.fit().size())
        .testRows(data.test().size())
        .featureStatistics(statistics)
        .build();
  }

  private static ModelVersion register(
      ModelRegistry registry, Booster booster, ModelMetadata metadata) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("bookslake-train-");
      Path file = dir.resolve("model.json");
      Boosters.save(booster, file);
      return registry.register(metadata.name(), file, metadata);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save trained model to a temporary folder: " + dir, e);
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

  /**
   * What {@code --promote-if-better} would do, judged against the production version of now.
   *
   * @param expected the production version the new one was compared with, or null for none
   * @param promote whether the new version should take the production alias
   * @param reason why, with the values compared
   */
  record Decision(Integer expected, boolean promote, String reason) {}

  /** Compares the new version with the current production model on this run's test rows. */
  static Decision decide(
      ModelRegistry registry,
      ModelVersion candidate,
      TrainingSet data,
      SelectionMetric metric,
      Map<String, Double> metrics,
      boolean beatsBaseline) {
    String m = metric.key();
    double mine = metrics.get(m);
    var production = registry.alias(candidate.name(), ModelRegistry.PRODUCTION);
    if (production.isEmpty()) {
      return new Decision(
          null,
          true,
          String.format(
              Locale.ROOT,
              "no production model yet; v%d %s %.4f on %d held-out test rows of dt=%s%s",
              candidate.version(),
              m,
              mine,
              data.test().size(),
              data.dt(),
              beatsBaseline ? "" : " (it does not beat the baseline)"));
    }
    ModelVersion current = production.get();
    ModelMetadata meta = current.metadata();
    if (!candidate.metadata().featureContractHash().equals(meta.featureContractHash())
        || !data.featureNames().equals(meta.featureNames())) {
      return new Decision(
          current.version(),
          true,
          String.format(
              Locale.ROOT,
              "production v%d was trained on another feature contract (%s) and cannot score these vectors",
              current.version(),
              meta.featureContractHash()));
    }
    Booster booster = Boosters.load(current.modelFile());
    double theirs;
    try {
      theirs =
          evaluate(data.target(), Boosters.predict(booster, data.test().x()), data.test().labels())
              .get(m);
    } finally {
      booster.dispose();
    }
    String comparison =
        String.format(
            Locale.ROOT,
            "%s v%d %.4f vs production v%d %.4f on the same %d held-out test" + " rows of dt=%s",
            m,
            candidate.version(),
            mine,
            current.version(),
            theirs,
            data.test().size(),
            data.dt());
    if (!metric.better(mine, theirs)) {
      return new Decision(
          current.version(),
          false,
          comparison
              + " ("
              + m
              + " "
              + (metric.higherIsBetter() ? "higher" : "lower")
              + " is better; not better)");
    }
    return new Decision(current.version(), true, comparison);
  }

  /**
   * Carries a decision out: moves production to the new version only if it still is the version the
   * decision compared with, so a run never overrules a promotion made while it was comparing.
   */
  static Promotion apply(ModelRegistry registry, ModelVersion candidate, Decision decision) {
    if (!decision.promote()) {
      return new Promotion(false, decision.expected(), decision.reason());
    }
    String name = candidate.name();
    if (registry
        .promoteIf(
            name,
            candidate.version(),
            ModelRegistry.PRODUCTION,
            decision.expected(),
            ACTOR,
            decision.reason())
        .isPresent()) {
      return new Promotion(true, decision.expected(), decision.reason());
    }
    Integer now = registry.aliases(name).get(ModelRegistry.PRODUCTION);
    return new Promotion(
        false,
        now,
        String.format(
            Locale.ROOT,
            "production moved to %s meanwhile (this run compared" + " against %s: %s)",
            now == null ? "no version" : "v" + now,
            decision.expected() == null ? "no production model" : "v" + decision.expected(),
            decision.reason()));
  }
}
