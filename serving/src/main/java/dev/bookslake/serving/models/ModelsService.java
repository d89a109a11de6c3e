package dev.bookslake.serving.models;

import dev.bookslake.serving.auth.Authenticator;
import dev.bookslake.serving.http.Bodies;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.predict.ServingModels;
import dev.bookslake.serving.problem.ProblemException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The model registry over HTTP: models and versions with metrics against the baseline, aliases,
 * promotion history and what serving has loaded; promotion and rollback need an admin's bearer
 * token and record its user as the actor. Serving switches to a promoted version before the answer.
 *
 * <pre>
 * curl http://127.0.0.1:8080/api/v1/ml/models
 * curl http://127.0.0.1:8080/api/v1/ml/models/rating
 * curl -X POST -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/v1/ml/models/rating/aliases/production -d '{"version": 3}'
 * curl -X POST -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/v1/ml/models/rating/aliases/rollback
 * </pre>
 */
public final class ModelsService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/ml/models";

  private final RouteTable routes;
  private final Authenticator auth;
  private final ModelCatalog catalog;

  public ModelsService(RouteTable routes, Authenticator auth, ServingModels serving) {
    this.routes = routes;
    this.auth = auth;
    this.catalog = new ModelCatalog(serving);
  }

  @Override
  public void routing(HttpRules rules) {
    routes
        .under(PATH, rules)
        .get("/", this::list)
        .get("/{model}", this::model)
        // Its own route (as in the OpenAPI document): a rollback's body has no version.
        .post("/{model}/aliases/rollback", (req, res) -> promote(req, res, "rollback"))
        .post(
            "/{model}/aliases/{alias}",
            (req, res) -> promote(req, res, req.path().pathParameters().get("alias")));
  }

  private void list(ServerRequest req, ServerResponse res) {
    Params.of(req);
    Responses.uncachedJson(res, catalog.list());
  }

  private void model(ServerRequest req, ServerResponse res) {
    Params.of(req);
    Responses.uncachedJson(res, catalog.model(req.path().pathParameters().get("model")));
  }

  private void promote(ServerRequest req, ServerResponse res, String alias) {
    String user = auth.requireAdmin(req);
    Params.of(req);
    JsonObject body = Bodies.jsonObject(req);
    if ("rollback".equals(alias)) {
      Bodies.onlyFields(body, "reason");
    } else {
      Bodies.onlyFields(body, "version", "reason");
    }
    var path = req.path().pathParameters();
    Responses.uncachedJson(
        res,
        catalog.promote(
            path.get("model"),
            alias,
            version(body),
            user,
            Bodies.string(body, "reason").orElse(null)));
  }

  /** The {@code version} field: a positive integer, or null when absent. */
  static Integer version(JsonObject body) {
    JsonValue v = body.get("version");
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(v instanceof JsonNumber n)
        || !n.isIntegral()
        || n.longValue() < 1
        || n.longValue() > Integer.MAX_VALUE) {
      throw ProblemException.invalidParameter(
          "version", v.toString(), "must be a positive integer version");
    }
    return n.intValue();
  }
}
