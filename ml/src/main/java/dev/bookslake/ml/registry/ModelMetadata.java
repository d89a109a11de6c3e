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
  public record Candidate(
      String name, Map<String, Object> params, Map<String, Double> metrics, long trainMillis) {}

  /** A copy naming the model file as the registry stores it. */
  public ModelMetadata withModelFile(String newModelFile, String newModelFormat) {
    return toBuilder().modelFile(newModelFile).modelFormat(newModelFormat).build();
  }

  /** A copy with the registry-assigned version and registration time. */
  public ModelMetadata withVersion(int newVersion, String registeredAt) {
    return toBuilder().version(newVersion).createdAt(registeredAt).build();
  }

  /** An empty builder: every field null, false or 0 until set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this metadata's fields, to copy it with some changed. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.version = version;
    b.target = target;
    b.task = task;
    b.modelFile = modelFile;
    b.modelFormat = modelFormat;
    b.engine = engine;
    b.params = params;
    b.selectionMetric = selectionMetric;
    b.metrics = metrics;
    b.baselineMetrics = baselineMetrics;
    b.beatsBaseline = beatsBaseline;
    b.candidates = candidates;
    b.classes = classes;
    b.featureContractHash = featureContractHash;
    b.featureNames = featureNames;
    b.trainingTable = trainingTable;
    b.trainingDt = trainingDt;
    b.trainRows = trainRows;
    b.testRows = testRows;
    b.featureStatistics = featureStatistics;
    b.createdAt = createdAt;
    return b;
  }

  /**
   * Builds metadata field by field, so a call names what each value is (the record has 22
   * components, many of one type). The registry assigns {@code version} and {@code createdAt} and
   * names the model file; callers leave them unset.
   *
   * <pre>{@code
   * ModelMetadata metadata = ModelMetadata.builder().name("rating").target("rating").task("classification")
   *     .selectionMetric("accuracy").metrics(Map.of("accuracy", 0.61)).featureNames(names).build();
   * }</pre>
   */
  public static final class Builder {
    private String name;
    private int version;
    private String target;
    private String task;
    private String modelFile;
    private String modelFormat;
    private String engine;
    private Map<String, Object> params;
    private String selectionMetric;
    private Map<String, Double> metrics;
    private Map<String, Double> baselineMetrics;
    private boolean beatsBaseline;
    private List<Candidate> candidates;
    private List<Integer> classes;
    private String featureContractHash;
    private List<String> featureNames;
    private String trainingTable;
    private String trainingDt;
    private long trainRows;
    private long testRows;
    private List<FeatureStatistics> featureStatistics;
    private String createdAt;

    private Builder() {}

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder version(int value) {
      version = value;
      return this;
    }

    public Builder target(String value) {
      target = value;
      return this;
    }

    public Builder task(String value) {
      task = value;
      return this;
    }

    public Builder modelFile(String value) {
      modelFile = value;
      return this;
    }

    public Builder modelFormat(String value) {
      modelFormat = value;
      return this;
    }

    public Builder engine(String value) {
      engine = value;
      return this;
    }

    public Builder params(Map<String, Object> value) {
      params = value;
      return this;
    }

    public Builder selectionMetric(String value) {
      selectionMetric = value;
      return this;
    }

    public Builder metrics(Map<String, Double> value) {
      metrics = value;
      return this;
    }

    public Builder baselineMetrics(Map<String, Double> value) {
      baselineMetrics = value;
      return this;
    }

    public Builder beatsBaseline(boolean value) {
      beatsBaseline = value;
      return this;
    }

    public Builder candidates(List<Candidate> value) {
      candidates = value;
      return this;
    }

    public Builder classes(List<Integer> value) {
      classes = value;
      return this;
    }

    public Builder featureContractHash(String value) {
      featureContractHash = value;
      return this;
    }

    public Builder featureNames(List<String> value) {
      featureNames = value;
      return this;
    }

    public Builder trainingTable(String value) {
      trainingTable = value;
      return this;
    }

    public Builder trainingDt(String value) {
      trainingDt = value;
      return this;
    }

    public Builder trainRows(long value) {
      trainRows = value;
      return this;
    }

    public Builder testRows(long value) {
      testRows = value;
      return this;
    }

    public Builder featureStatistics(List<FeatureStatistics> value) {
      featureStatistics = value;
      return this;
    }

    public Builder createdAt(String value) {
      createdAt = value;
      return this;
    }

    public ModelMetadata build() {
      return new ModelMetadata(
          name,
          version,
          target,
          task,
          modelFile,
          modelFormat,
          engine,
          params,
          selectionMetric,
          metrics,
          baselineMetrics,
          beatsBaseline,
          candidates,
          classes,
          featureContractHash,
          featureNames,
          trainingTable,
          trainingDt,
          trainRows,
          testRows,
          featureStatistics,
          createdAt);
    }
  }
}
