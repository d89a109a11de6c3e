package dev.bookslake.ml.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bookslake.ml.drift.FeatureStatistics;
import java.util.List;
import java.util.Map;

/**
 * What {@code metadata.json} of a registered model version holds: how it was trained, how well it
 * did on held-out data against a trivial baseline, and what its training data looked like (for
 * drift monitoring). Written once by {@link ModelRegistry#register}; never changed afterwards.
 *
 * @param name the model's name (one per target: {@code rating}, {@code price})
 * @param version its version, assigned by the registry (1, 2, ...)
 * @param target the feature contract target it predicts
 * @param task {@code classification} or {@code regression}
 * @param modelFile the model file's name inside the version folder ({@code model.json})
 * @param modelFormat {@code xgboost-json} or {@code xgboost-ubj}
 * @param engine the library and version that trained it, e.g. {@code xgboost4j 3.0.4}
 * @param params the winning candidate's parameters
 * @param selectionMetric the held-out metric candidates were ranked by
 * @param metrics the winning candidate's held-out metrics
 * @param baselineMetrics the trivial baseline's held-out metrics (majority class / mean)
 * @param beatsBaseline whether the model is better than the baseline on the selection metric
 * @param candidates every candidate tried, with its held-out metrics
 * @param classes class values in label order for a classifier (label i means classes[i])
 * @param featureContractHash hash of the feature contract the vectors were made with
 * @param featureNames vector column names, in order
 * @param trainingTable the table trained on, e.g. {@code gold.training_data}
 * @param trainingDt the {@code dt} of that table
 * @param trainRows rows trained on
 * @param testRows held-out rows the metrics come from
 * @param featureStatistics per contract feature, the training data's distribution
 * @param createdAt ISO-8601 instant of registration
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetadata(
    String name,
    int version,
    String target,
    String task,
    String modelFile,
    String modelFormat,
    String engine,
    Map<String, Object> params,
    String selectionMetric,
    Map<String, Double> metrics,
    Map<String, Double> baselineMetrics,
    boolean beatsBaseline,
    List<Candidate> candidates,
    List<Integer> classes,
    String featureContractHash,
    List<String> featureNames,
    String trainingTable,
    String trainingDt,
    long trainRows,
    long testRows,
    List<FeatureStatistics> featureStatistics,
    String createdAt) {

  /**
   * One candidate of a training run.
   *
   * @param name a short label, e.g. {@code depth4-n200-lr0.1} or {@code baseline}
   * @param params its parameters
   * @param metrics its held-out metrics
   * @param trainMillis wall time of its fit
   */
  public record Candidate(String name, Map<String, Object> params, Map<String, Double> metrics, long trainMillis) {}

  /** A copy naming the model file as the registry stores it. */
  public ModelMetadata withModelFile(String newModelFile, String newModelFormat) {
    return new ModelMetadata(
        name, version, target, task, newModelFile, newModelFormat, engine, params, selectionMetric,
        metrics, baselineMetrics, beatsBaseline, candidates, classes, featureContractHash,
        featureNames, trainingTable, trainingDt, trainRows, testRows, featureStatistics, createdAt);
  }

  /** A copy with the registry-assigned version and registration time. */
  public ModelMetadata withVersion(int newVersion, String registeredAt) {
    return new ModelMetadata(
        name, newVersion, target, task, modelFile, modelFormat, engine, params, selectionMetric,
        metrics, baselineMetrics, beatsBaseline, candidates, classes, featureContractHash,
        featureNames, trainingTable, trainingDt, trainRows, testRows, featureStatistics, registeredAt);
  }
}
