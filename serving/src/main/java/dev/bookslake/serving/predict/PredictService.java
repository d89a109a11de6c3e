package dev.bookslake.serving.predict;

import dev.bookslake.serving.http.Bodies;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.RequestFilter;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Star rating and price predictions with the production XGBoost models (DJL), for one book or a
 * batch, by id or from the gold.books columns the model reads. Every response names the model
 * version; every prediction is in the inference log before the response is sent. At most {@code
 * ml.predict.max-concurrent} requests are worked on at once; more wait {@code ml.predict.wait} for
 * a place and are then refused with 503 and {@code Retry-After}, so a flood of batches never queues
 * up behind itself nor slows the other routes.
 *
 * <pre>
 * curl -X POST http://127.0.0.1:8080/api/v1/ml/predict -H 'Content-Type: application/json' -d '{"id": "1000"}'
 * curl -X POST http://127.0.0.1:8080/api/v1/ml/predict -d '{"books": [{"price_excl_tax": 45.17, "review_count": 0,
 *   "stock_count": 19, "in_stock": true, "description_length": 740, "title_word_count": 3,
 *   "days_since_first_seen": 0, "category": "Travel"}]}'
 * curl -X POST http://127.0.0.1:8080/api/v1/ml/predict/price -d '{"id": "a897fe39b1053632"}'
 * curl -X POST http://127.0.0.1:8080/api/v1/ml/predict/price -d '{"rating": 4, "category": "Fiction",
 *   "availability": "In stock"}'     # a partial book: the answer names its missing_features
 * </pre>
 */
public final class PredictService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/ml/predict";

  /** The model each route predicts with. */
  public static final String RATING = "rating";

  static final String PRICE = "price";

  private final RouteTable routes;
  private final Predictions predictions;

  public PredictService(RouteTable routes, Predictions predictions) {
    this.routes = routes;
    this.predictions = predictions;
  }

  @Override
  public void routing(HttpRules rules) {
    routes
        .under(PATH, rules)
        .post("/", (req, res) -> predict(req, res, RATING))
        .post("/price", (req, res) -> predict(req, res, PRICE));
  }

  private void predict(ServerRequest req, ServerResponse res, String model) {
    Params.of(req);
    // Read before the work is bounded: a slow upload holds no place.
    byte[] body = Bodies.bytes(req);
    Responses.uncachedJson(
        res,
        predictions.predict(model, body, Responses.snapshotIfAny(req), RequestFilter.client(req)));
  }
}
