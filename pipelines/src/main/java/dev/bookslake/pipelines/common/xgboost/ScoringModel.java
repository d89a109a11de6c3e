package dev.bookslake.pipelines.common.xgboost;

import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelVersion;
import java.io.Serializable;
import java.util.List;

/**
 * What a worker needs to score with a registered version: where its file is and how to read its
 * inputs and outputs. Serializable, so a DoFn can carry it and load the booster in its setup.
 *
 * <pre>{@code
 * ScoringModel model = ScoringModel.of(ModelRegistry.in(lake).alias("rating", ModelRegistry.PRODUCTION).orElseThrow());
 * Booster booster = Boosters.load(Path.of(model.modelFile()));
 * }</pre>
 *
 * @param name model name
 * @param version registry version
 * @param modelFile absolute path of the XGBoost JSON file
 * @param featureNames the vector columns the model was trained on, in order
 * @param classes class values in label order; empty for a regressor
 * @param featureContractHash the contract the model's vectors follow
 */
public record ScoringModel(
    String name,
    int version,
    String modelFile,
    List<String> featureNames,
    List<Integer> classes,
    String featureContractHash)
    implements Serializable {

  public ScoringModel {
    featureNames = List.copyOf(featureNames);
    classes = classes == null ? List.of() : List.copyOf(classes);
  }

  public static ScoringModel of(ModelVersion version) {
    ModelMetadata m = version.metadata();
    return new ScoringModel(
        version.name(),
        version.version(),
        version.modelFile().toString(),
        m.featureNames(),
        m.classes(),
        m.featureContractHash());
  }
}
