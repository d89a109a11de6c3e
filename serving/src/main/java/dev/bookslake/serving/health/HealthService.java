package dev.bookslake.serving.health;

import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.predict.PredictService;
import dev.bookslake.serving.predict.ServingModels;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import dev.bookslake.serving.snapshot.TableVersion;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;

/**
 * Liveness ({@code /health}: always 200 while the process serves, with the snapshot in force) and
 * readiness ({@code /ready}: 503 until a gold snapshot is loaded).
 *
 * <pre>
 * curl http://127.0.0.1:8080/api/v1/health
 * curl -i http://127.0.0.1:8080/api/v1/ready
 * </pre>
 */
public final class HealthService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1";

  private final RouteTable routes;
  private final ServingModels models;

  public HealthService(RouteTable routes, ServingModels models) {
    this.routes = routes;
    this.models = models;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).get("/health", this::health).get("/ready", this::ready);
  }

  private void health(ServerRequest req, ServerResponse res) {
    Params.of(req);
    Responses.uncachedJson(
        res, health(Responses.snapshotIfAny(req), models.loadedVersions(), models.problems()));
  }

  private void ready(ServerRequest req, ServerResponse res) {
    Params.of(req);
    GoldSnapshot s = Responses.snapshot(req);
    Responses.uncachedJson(
        res,
        new JsonOut(64)
            .beginObject()
            .name("status")
            .value("READY")
            .name("snapshot_dt")
            .value(s.dt())
            .endObject()
            .toBytes());
  }

  /**
   * The health document: status, the snapshot and its table versions, the loaded model versions and
   * their problems.
   */
  static byte[] health(
      Optional<GoldSnapshot> snapshot,
      Map<String, Integer> modelVersions,
      Map<String, String> modelProblems) {
    JsonOut out = new JsonOut(1024).beginObject();
    out.name("status").value("UP");
    out.name("snapshot_dt").value(snapshot.map(GoldSnapshot::dt).orElse(null));
    // Kept as the nullable string clients of the first API read: the version of the default
    // /ml/predict model. Every model's version is in "models".
    Integer rating = modelVersions.get(PredictService.RATING);
    out.name("model_version").value(rating == null ? null : rating.toString());
    // Model name to the version serving predicts with (null while none is).
    out.name("models").value(modelVersions);
    // Why a model's production version is not the one serving (or why none serves).
    out.name("model_problems").value(modelProblems);
    out.name("snapshot");
    if (snapshot.isEmpty()) {
      out.nullValue();
    } else {
      GoldSnapshot s = snapshot.get();
      out.beginObject()
          .name("dt")
          .value(s.dt())
          .name("tag")
          .value(s.tag())
          .name("loaded_at")
          .value(s.loadedAt().toString())
          .name("books")
          .value(s.catalog().size());
      out.name("tables").beginObject();
      for (TableVersion t : s.tables().values()) {
        out.name(t.table())
            .beginObject()
            .name("dt")
            .value(t.dt())
            .name("version")
            .value(t.version())
            .name("rows")
            .value(t.rows())
            .endObject();
      }
      out.endObject().endObject();
    }
    return out.endObject().toBytes();
  }
}
