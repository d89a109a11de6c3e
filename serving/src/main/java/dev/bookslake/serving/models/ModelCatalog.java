package dev.bookslake.serving.models;

import dev.bookslake.ml.registry.AliasChange;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.predict.ServedModel;
import dev.bookslake.serving.predict.ServingModels;
import dev.bookslake.serving.problem.ProblemException;
import java.util.List;
import java.util.Map;

/**
 * The model registry as the API shows it: versions with their held-out metrics against the
 * baseline, aliases, promotion history and the version serving has loaded; and promotion, which
 * reloads serving at once instead of waiting for the next alias poll.
 */
final class ModelCatalog {
  /** The path segment that rolls production back instead of naming an alias. */
  static final String ROLLBACK = "rollback";

  private final ServingModels serving;

  ModelCatalog(ServingModels serving) {
    this.serving = serving;
  }

  private ModelRegistry registry() {
    return serving.registry();
  }

  /** Every registered model with its versions. */
  byte[] list() {
    JsonOut out = new JsonOut(4096).beginObject().name("models").beginArray();
    for (String name : registry().names()) {
      List<ModelVersion> versions = registry().versions(name);
      if (!versions.isEmpty()) {
        model(out, name, versions, false);
      }
    }
    return out.endArray().endObject().toBytes();
  }

  /** One model with its versions and promotion history; 404 when it has no version. */
  byte[] model(String name) {
    List<ModelVersion> versions = versions(name);
    JsonOut out = new JsonOut(4096);
    model(out, name, versions, true);
    return out.toBytes();
  }

  /**
   * Points an alias at a version, or rolls production back, as {@code actor}; serving follows
   * before this returns. A version the feature contract check refuses is not promoted to production
   * (409).
   *
   * @param version the version to promote; ignored for {@link #ROLLBACK}
   */
  byte[] promote(String name, String alias, Integer version, String actor, String reason) {
    versions(name);
    AliasChange change;
    if (alias.equals(ROLLBACK)) {
      change =
          registry().rollback(name, actor, reason == null ? "rollback through the API" : reason);
    } else {
      if (!ModelRegistry.ALIASES.contains(alias)) {
        throw ProblemException.invalidParameter(
            "alias",
            alias,
            "must be one of " + String.join(", ", ModelRegistry.ALIASES) + " or " + ROLLBACK);
      }
      if (version == null) {
        throw ProblemException.missingField("version");
      }
      ModelVersion target =
          registry()
              .version(name, version)
              .orElseThrow(() -> ProblemException.notFound("model version", name + " v" + version));
      if (alias.equals(ModelRegistry.PRODUCTION)) {
        // Refused before the alias moves: once it has, every server and batch job follows it.
        ServedModel.refusal(target, serving.contract())
            .ifPresent(
                why -> {
                  throw ProblemException.conflict(
                      "Cannot promote model " + name + " v" + version + " to production: " + why);
                });
      }
      change =
          registry()
              .promote(
                  name,
                  version,
                  alias,
                  actor,
                  reason == null ? "promoted through the API" : reason);
    }
    serving.reload(name);
    JsonOut out = new JsonOut(512).beginObject().name("model").value(name);
    out.name("change");
    change(out, change);
    out.name("aliases").value(registry().aliases(name));
    out.name("serving_version").value(servingVersion(name));
    out.name("serving_problem")
        .value(serving.names().contains(name) ? serving.state(name).problem() : null);
    return out.endObject().toBytes();
  }

  private List<ModelVersion> versions(String name) {
    // names() holds only valid names, so a bad name is a 404 here; a registry that cannot be
    // listed fails as itself (500).
    if (!registry().names().contains(name)) {
      throw ProblemException.notFound("model", name);
    }
    List<ModelVersion> versions = registry().versions(name);
    if (versions.isEmpty()) {
      throw ProblemException.notFound("model", name);
    }
    return versions;
  }

  private void model(JsonOut out, String name, List<ModelVersion> versions, boolean withHistory) {
    Map<String, Integer> aliases = registry().aliases(name);
    out.beginObject().name("name").value(name);
    out.name("aliases").value(aliases);
    out.name("serving");
    serving(out, name);
    out.name("versions").beginArray();
    for (ModelVersion v : versions) {
      version(out, v, aliases);
    }
    out.endArray();
    if (withHistory) {
      out.name("history").beginArray();
      registry().history(name).forEach(c -> change(out, c));
      out.endArray();
    }
    out.endObject();
  }

  private void serving(JsonOut out, String name) {
    if (!serving.names().contains(name)) {
      out.nullValue();
      return;
    }
    ServingModels.State s = serving.state(name);
    out.beginObject();
    out.name("version").value(s.model() == null ? null : s.model().version().version());
    out.name("loaded_at").value(s.model() == null ? null : s.model().loadedAt().toString());
    out.name("problem").value(s.problem());
    out.endObject();
  }

  private Integer servingVersion(String name) {
    return serving.names().contains(name) ? serving.loadedVersions().get(name) : null;
  }

  private static void version(JsonOut out, ModelVersion v, Map<String, Integer> aliases) {
    ModelMetadata m = v.metadata();
    out.beginObject().name("version").value(v.version());
    out.name("aliases")
        .value(
            aliases.entrySet().stream()
                .filter(e -> e.getValue() == v.version())
                .map(Map.Entry::getKey)
                .sorted()
                .toList());
    out.name("created_at").value(m.createdAt());
    out.name("target")
        .value(m.target())
        .name("task")
        .value(m.task())
        .name("engine")
        .value(m.engine());
    out.name("training_table").value(m.trainingTable()).name("training_dt").value(m.trainingDt());
    out.name("train_rows").value(m.trainRows()).name("test_rows").value(m.testRows());
    out.name("selection_metric").value(m.selectionMetric());
    out.name("metrics").value(m.metrics());
    out.name("baseline_metrics").value(m.baselineMetrics());
    out.name("beats_baseline").value(m.beatsBaseline());
    out.name("params").value(m.params());
    out.name("feature_contract_hash").value(m.featureContractHash());
    out.endObject();
  }

  private static void change(JsonOut out, AliasChange c) {
    out.beginObject().name("at").value(c.at()).name("alias").value(c.alias());
    out.name("from_version").value(c.fromVersion()).name("to_version").value(c.toVersion());
    out.name("actor")
        .value(c.actor())
        .name("reason")
        .value(c.reason())
        .name("rollback")
        .value(c.rollback());
    out.endObject();
  }
}
