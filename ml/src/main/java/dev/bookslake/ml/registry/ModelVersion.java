package dev.bookslake.ml.registry;

import java.nio.file.Path;

/**
 * One registered model version: its folder in the lake and its metadata.
 *
 * @param name the model's name
 * @param version its version
 * @param directory {@code <lake>/models/<name>/<version>/}
 * @param metadata what {@code metadata.json} holds
 */
public record ModelVersion(String name, int version, Path directory, ModelMetadata metadata) {
  /** The XGBoost model file (JSON or UBJ) that xgboost4j and DJL load. */
  public Path modelFile() {
    return directory.resolve(metadata.modelFile());
  }
}
