package dev.bookslake.serving.external;

import dev.bookslake.serving.auth.Authenticator;
import dev.bookslake.serving.http.Bodies;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonValue;

/**
 * Predictions from outside bookslake in (bearer token; stored in the lake with the submitter), and
 * their score against the actual gold values out.
 *
 * <pre>
 * curl -X POST -H "Authorization: Bearer $TOKEN" 'http://127.0.0.1:8080/api/v1/ml/predictions?model=my-gbm' \
 *   -d '[{"id": "1000", "predicted_rating": 4.8}, {"id": "a897fe39b1053632", "predicted_price": 51.77}]'
 * curl 'http://127.0.0.1:8080/api/v1/ml/predictions/score?model=my-gbm'
 * </pre>
 */
public final class ExternalPredictionsService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/ml/predictions";

  private static final String[] PARAMS = {"model"};
  private static final System.Logger LOG =
      System.getLogger(ExternalPredictionsService.class.getName());

  private final RouteTable routes;
  private final Authenticator auth;
  private final ExternalPredictions store;

  public ExternalPredictionsService(
      RouteTable routes, Authenticator auth, ExternalPredictions store) {
    this.routes = routes;
    this.auth = auth;
    this.store = store;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).post("/", this::submit).get("/score", this::score);
  }

  private void submit(ServerRequest req, ServerResponse res) {
    String user = auth.requireUser(req);
    Params params = Params.of(req, PARAMS);
    GoldSnapshot s = Responses.snapshot(req);
    ExternalPredictions.Submission submission =
        submit(Bodies.json(req), params.string("model").orElse(null), user, s);
    res.status(Status.CREATED_201)
        .header(HeaderNames.LOCATION, PATH + "/score?model=" + submission.model());
    Responses.uncachedJson(res, submission.toJson());
  }

  /**
   * Stores a submission; a store that fails is a 503 whose detail names no file (the log has it).
   */
  private ExternalPredictions.Submission submit(
      JsonValue body, String model, String user, GoldSnapshot s) {
    try {
      return store.submit(body, model, user, s.catalog());
    } catch (ProblemException e) {
      if (e.problem().status() < 500) {
        throw e;
      }
      LOG.log(System.Logger.Level.ERROR, "{0}", e.getMessage());
      throw ProblemException.unavailable(
          "Cannot store external predictions now: the lake cannot be written (the cause is in the server log)");
    }
  }

  private void score(ServerRequest req, ServerResponse res) {
    String model =
        Params.of(req, PARAMS)
            .string("model")
            .orElseThrow(() -> ProblemException.missingField("model"));
    GoldSnapshot s = Responses.snapshot(req);
    Responses.uncachedJson(res, store.score(model, s.catalog()).toJson(s.dt().toString()));
  }
}
