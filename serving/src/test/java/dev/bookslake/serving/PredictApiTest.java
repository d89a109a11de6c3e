package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.pipelines.testing.GoldFixture;
import dev.bookslake.serving.http.JsonOut;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The prediction routes end to end on a real server with real XGBoost models trained here: DJL
 * answers what xgboost4j predicts, serving follows the production alias, bad input is a problem
 * naming the book and field, and every prediction reaches the inference log.
 */
@ServerTest
class PredictApiTest {
  private static final String SECRET = "predict-test-secret-0123456789abcdef0123";
  private static final Path LAKE = TestLakes.newFolder("predict");

  /** model name → version → the trained booster. */
  private static final Map<String, Map<Integer, TestModels.Trained>> TRAINED = trainModels();

  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(
                  LAKE, Map.of("auth.jwt-secret", SECRET, "ml.reload-interval", "PT0.1S")),
              false)
          .start();
  private final Api api;
  private final String bearer;

  PredictApiTest(WebServer server) {
    this.api = new Api(server);
    this.bearer = Api.bearer(SECRET, "alice");
  }

  private static Map<String, Map<Integer, TestModels.Trained>> trainModels() {
    Lake lake = Lake.at(LAKE);
    GoldFixture.write(lake, 40, List.of(TestLakes.DAY_1, TestLakes.DAY_2));
    Path scratch = LAKE.resolve("_scratch");
    Map<String, Map<Integer, TestModels.Trained>> out = new HashMap<>();
    for (String target : List.of("rating", "price")) {
      for (int rounds : List.of(20, 5)) {
        TestModels.Trained t = TestModels.trainAndRegister(lake, target, rounds, scratch);
        out.computeIfAbsent(target, k -> new HashMap<>()).put(t.version().version(), t);
      }
      ModelRegistry.in(lake).promote(target, 1, ModelRegistry.PRODUCTION, "test", "first model");
    }
    return out;
  }

  @SetUpServer
  static void server(WebServerConfig.Builder server) {
    Main.server(server);
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    Main.routing(routing, COMPONENTS);
  }

  @AfterAll
  static void close() {
    COMPONENTS.close();
  }

  @Test
  void djlPredictsWhatXgboost4jPredictsForA1000RowBatch() {
    List<Map<String, Object>> books = TestModels.books(1000, 2026);
    for (String model : List.of("rating", "price")) {
      List<Map<String, Object>> inputs = books.stream().map(b -> columns(model, b)).toList();
      Api.Reply reply = api.post(route(model), batch(inputs));
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      JsonObject body = reply.json();
      assertThat(body.getString("model")).isEqualTo(model);
      assertThat(body.getString("request_id")).isNotBlank();
      JsonArray predictions = body.getJsonArray("predictions");
      assertThat(predictions).hasSize(1000);

      float[][] expected =
          TRAINED.get(model).get(body.getInt("version")).predict(TestModels.vectors(model, inputs));
      for (int i = 0; i < 1000; i++) {
        JsonObject p = predictions.getJsonObject(i);
        if (model.equals("rating")) {
          JsonObject probabilities = p.getJsonObject("probabilities");
          assertThat(probabilities.keySet()).containsExactly("1", "2", "3", "4", "5");
          int best = 0;
          for (int c = 0; c < 5; c++) {
            double got = probabilities.getJsonNumber(Integer.toString(c + 1)).doubleValue();
            assertThat(got)
                .as("book %d class %d", i, c + 1)
                .isCloseTo(expected[i][c], within(1e-5));
            best = expected[i][c] > expected[i][best] ? c : best;
          }
          assertThat(p.getInt("rating")).as("book %d", i).isEqualTo(best + 1);
        } else {
          assertThat(p.getJsonNumber("price").doubleValue())
              .as("book %d", i)
              .isCloseTo(expected[i][0], within(1e-5));
        }
      }
    }
  }

  @Test
  void predictsBooksByIdFromTheGoldSnapshot() {
    JsonObject book = api.get("/api/v1/books/7").json();
    Api.Reply byId = api.post("/api/v1/ml/predict", "{\"id\": \"7\"}");
    assertThat(byId.status()).as(byId.body()).isEqualTo(200);
    Map<String, Object> columns = new LinkedHashMap<>();
    for (String c :
        List.of(
            "price_excl_tax",
            "review_count",
            "stock_count",
            "description_length",
            "title_word_count",
            "days_since_first_seen")) {
      columns.put(c, book.getJsonNumber(c).bigDecimalValue());
    }
    columns.put("in_stock", book.getBoolean("in_stock"));
    columns.put("category", book.getString("category"));
    Api.Reply byColumns = api.post("/api/v1/ml/predict", json(columns));
    JsonObject first = byId.json().getJsonArray("predictions").getJsonObject(0);
    assertThat(first.getString("id")).isEqualTo("7");
    assertThat(first.getJsonObject("probabilities"))
        .isEqualTo(
            byColumns
                .json()
                .getJsonArray("predictions")
                .getJsonObject(0)
                .getJsonObject("probabilities"));

    Api.Reply byUpc =
        api.post(
            "/api/v1/ml/predict/price",
            "{\"books\": [{\"id\": \"" + book.getString("upc") + "\"}, {\"id\": 8}]}");
    assertThat(byUpc.status()).as(byUpc.body()).isEqualTo(200);
    assertThat(byUpc.json().getJsonArray("predictions")).hasSize(2);
    api.post("/api/v1/ml/predict", "{\"books\": [{\"id\": \"7\"}, {\"id\": \"no-such-book\"}]}")
        .assertProblem(404, "books[1].id: Cannot find book: no-such-book");
  }

  @Test
  void responsesFollowTheProductionAliasWithoutRestart() throws Exception {
    ModelRegistry registry = ModelRegistry.in(Lake.at(LAKE));
    String one = json(columns("rating", TestModels.books(1, 5).get(0)));
    assertThat(api.post("/api/v1/ml/predict", one).json().getInt("version")).isEqualTo(1);

    // a promotion by another process (e.g. bookslake train) is picked up by the alias poll
    registry.promote("rating", 2, ModelRegistry.PRODUCTION, "trainer", "better");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int version = 1;
    while (version != 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      version = api.post("/api/v1/ml/predict", one).json().getInt("version");
    }
    assertThat(version).as("version after the registry promotion").isEqualTo(2);

    // a rollback through the API switches before it answers
    Api.Reply rollback =
        api.post("/api/v1/ml/models/rating/aliases/rollback", "", "Authorization", bearer);
    assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
    assertThat(rollback.json().getInt("serving_version")).isEqualTo(1);
    assertThat(rollback.json().getJsonObject("change").getString("actor")).isEqualTo("alice");
    assertThat(api.post("/api/v1/ml/predict", one).json().getInt("version")).isEqualTo(1);

    // so does a promotion through the API
    Api.Reply promoted =
        api.post(
            "/api/v1/ml/models/rating/aliases/production",
            "{\"version\": 2}",
            "Authorization",
            bearer);
    assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
    assertThat(api.post("/api/v1/ml/predict", one).json().getInt("version")).isEqualTo(2);
    api.post(
        "/api/v1/ml/models/rating/aliases/production", "{\"version\": 1}", "Authorization", bearer);
    assertThat(api.post("/api/v1/ml/predict", one).json().getInt("version")).isEqualTo(1);
  }

  @Test
  void badInputIsAProblemNamingTheBookAndField() {
    Map<String, Object> good = columns("price", TestModels.books(1, 9).get(0));
    String goodRating = json(columns("rating", TestModels.books(1, 9).get(0)));

    // A column left out is a missing value (OriginalClientsTest); one sent as null is a mistake.
    Map<String, Object> nullCount = new LinkedHashMap<>(good);
    nullCount.put("stock_count", null);
    api.post("/api/v1/ml/predict/price", batch(List.of(good, nullCount)))
        .assertProblem(400, "books[1].stock_count: Cannot use null for stock_count");

    Map<String, Object> stringPrice = columns("rating", TestModels.books(1, 9).get(0));
    stringPrice.put("price_excl_tax", "12.50");
    api.post("/api/v1/ml/predict", json(stringPrice))
        .assertProblem(
            400, "price_excl_tax: Cannot vectorise feature price_excl_tax: expected a number");

    Map<String, Object> seven = new LinkedHashMap<>(good);
    seven.put("rating", 7);
    api.post("/api/v1/ml/predict/price", batch(List.of(good, good, good, seven)))
        .assertProblem(400, "books[3].rating: Cannot vectorise feature rating: 7 is above 5");

    Map<String, Object> negative = columns("rating", TestModels.books(1, 9).get(0));
    negative.put("price_excl_tax", new BigDecimal("-3"));
    api.post("/api/v1/ml/predict", json(negative)).assertProblem(400, "-3 is below 0");

    Map<String, Object> unknown = new LinkedHashMap<>(good);
    unknown.put("colour", "red");
    api.post("/api/v1/ml/predict/price", batch(List.of(unknown)))
        .assertProblem(400, "books[0].colour: Cannot use unknown fields: colour");
    // the price model must not be sent the price
    Map<String, Object> leaky = new LinkedHashMap<>(good);
    leaky.put("price_excl_tax", 10);
    api.post("/api/v1/ml/predict/price", json(leaky))
        .assertProblem(400, "unknown fields: price_excl_tax");

    api.post("/api/v1/ml/predict", batch(java.util.Collections.nCopies(1001, good)))
        .assertProblem(413, "Cannot predict more than 1000 items in one request: got 1001");
    String idRows =
        "{\"books\": ["
            + String.join(",", java.util.Collections.nCopies(10_000, "{\"id\": \"1\"}"))
            + "]}";
    api.post("/api/v1/ml/predict", idRows).assertProblem(413, "got 10000");
    api.post("/api/v1/ml/predict", "{\"books\": [")
        .assertProblem(400, "Cannot parse request body as JSON");
    api.post("/api/v1/ml/predict", "{\"books\": []}")
        .assertProblem(400, "Cannot predict an empty batch");
    api.post("/api/v1/ml/predict", "{\"books\": {}}")
        .assertProblem(400, "expected an array of books");
    api.post("/api/v1/ml/predict", "{\"books\": [1]}")
        .assertProblem(400, "books[0]: Cannot read book");
    api.post("/api/v1/ml/predict", "{\"id\": \"1\", \"stock_count\": 3}")
        .assertProblem(400, "Cannot mix id");

    assertThat(api.post("/api/v1/ml/predict", goodRating).status())
        .as("a good book after all that")
        .isEqualTo(200);
  }

  @Test
  void everyPredictionIsInTheInferenceLogReadableByDuckDb() throws Exception {
    List<Map<String, Object>> books = TestModels.books(5, 77);
    List<Map<String, Object>> inputs = books.stream().map(b -> columns("rating", b)).toList();
    String body = batch(inputs);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Api.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      replies.add(pool.submit(() -> api.post("/api/v1/ml/predict", body)));
    }
    Map<String, JsonObject> byRequest = new HashMap<>();
    for (Future<Api.Reply> f : replies) {
      Api.Reply r = f.get();
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      byRequest.put(r.json().getString("request_id"), r.json());
    }
    pool.shutdown();
    Api.Reply byId = api.post("/api/v1/ml/predict/price", "{\"id\": \"3\"}");
    byRequest.put(byId.json().getString("request_id"), byId.json());

    float[][] vectors = TestModels.vectors("rating", inputs);
    String glob = LAKE.resolve("logs/inference/*/*.jsonl").toString();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        PreparedStatement ps =
            c.prepareStatement(
                """
            SELECT request_id, model, version, book_id, features, prediction, probabilities, inputs::VARCHAR, "at"
            FROM read_json_auto(?)"""); ) {
      ps.setString(1, glob);
      Map<String, Integer> linesPerRequest = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        Map<String, Integer> seen = new HashMap<>();
        while (rs.next()) {
          String requestId = rs.getString(1);
          JsonObject response = byRequest.get(requestId);
          if (response == null) {
            continue;
          }
          int index = seen.merge(requestId, 1, Integer::sum) - 1;
          linesPerRequest.put(requestId, index + 1);
          assertThat(rs.getString(2)).isEqualTo(response.getString("model"));
          assertThat(rs.getInt(3)).isEqualTo(response.getInt("version"));
          assertThat(rs.getString(9)).isNotBlank();
          Object[] features = (Object[]) rs.getArray(5).getArray();
          JsonObject prediction = response.getJsonArray("predictions").getJsonObject(index);
          if (response.getString("model").equals("price")) {
            assertThat(rs.getString(4)).isEqualTo("3");
            assertThat(rs.getDouble(6))
                .isCloseTo(prediction.getJsonNumber("price").doubleValue(), within(1e-6));
            assertThat(rs.getObject(7)).isNull();
            assertThat(rs.getString(8)).contains("rating");
            continue;
          }
          assertThat(rs.getString(4)).isNull();
          assertThat(features).hasSize(vectors[index].length);
          for (int j = 0; j < features.length; j++) {
            assertThat(((Number) features[j]).floatValue()).isEqualTo(vectors[index][j]);
          }
          assertThat(rs.getInt(6)).isEqualTo(prediction.getInt("rating"));
          Object[] probabilities = (Object[]) rs.getArray(7).getArray();
          for (int k = 0; k < 5; k++) {
            assertThat(((Number) probabilities[k]).doubleValue())
                .isCloseTo(
                    prediction
                        .getJsonObject("probabilities")
                        .getJsonNumber(Integer.toString(k + 1))
                        .doubleValue(),
                    within(1e-6));
          }
          assertThat(rs.getString(8)).contains("category").contains("price_excl_tax");
        }
      }
      assertThat(linesPerRequest).as("every request logged").hasSize(byRequest.size());
      byRequest.forEach(
          (id, response) ->
              assertThat(linesPerRequest.get(id))
                  .as("lines of request %s", id)
                  .isEqualTo(response.getJsonArray("predictions").size()));
    }
    assertThat(api.get("/api/v1/metrics").body())
        .contains("bookslake_ml_predictions_total{model=\"rating\"}")
        .contains("bookslake_ml_inference_log_failures_total 0");
  }

  @Test
  void modelsListShowsVersionsAliasesAndTheServingVersion() {
    JsonObject list = api.get("/api/v1/ml/models").json();
    JsonArray models = list.getJsonArray("models");
    assertThat(models).hasSize(2);
    JsonObject price = models.getJsonObject(0);
    assertThat(price.getString("name")).isEqualTo("price");
    assertThat(price.getJsonObject("aliases").getInt("production")).isEqualTo(1);
    assertThat(price.getJsonObject("serving").getInt("version")).isEqualTo(1);
    JsonArray versions = price.getJsonArray("versions");
    assertThat(versions).hasSize(2);
    JsonObject v1 = versions.getJsonObject(0);
    assertThat(v1.getInt("version")).isEqualTo(1);
    assertThat(v1.getJsonArray("aliases").getString(0)).isEqualTo("production");
    assertThat(v1.getJsonObject("metrics").getJsonNumber("rmse").doubleValue()).isEqualTo(2.5);
    assertThat(v1.getJsonObject("baseline_metrics").getJsonNumber("rmse").doubleValue())
        .isEqualTo(9.0);
    assertThat(v1.getBoolean("beats_baseline")).isTrue();
    assertThat(v1.getString("training_dt")).isEqualTo("2026-01-02");
    assertThat(v1.getString("created_at")).isNotBlank();

    JsonObject rating = api.get("/api/v1/ml/models/rating").json();
    assertThat(rating.getJsonArray("history").getJsonObject(0).getString("actor"))
        .isEqualTo("test");
    api.get("/api/v1/ml/models/nope").assertProblem(404, "Cannot find model: nope");

    JsonObject health = api.get("/api/v1/health").json();
    assertThat(health.getJsonObject("models").getInt("price")).isEqualTo(1);
    assertThat(health.getString("model_version"))
        .as("the rating model's, as a string")
        .isEqualTo(
            Integer.toString(
                api.post(
                        "/api/v1/ml/predict",
                        json(columns("rating", TestModels.books(1, 1).get(0))))
                    .json()
                    .getInt("version")));
  }

  @Test
  void promotionNeedsATokenAndAKnownVersion() {
    api.post("/api/v1/ml/models/price/aliases/production", "{\"version\": 2}")
        .assertProblem(401, "bearer token");
    api.post(
            "/api/v1/ml/models/price/aliases/production",
            "{\"version\": 2}",
            "Authorization",
            "Bearer nope")
        .assertProblem(401, "");
    api.post(
            "/api/v1/ml/models/price/aliases/production",
            "{\"version\": 9}",
            "Authorization",
            bearer)
        .assertProblem(404, "Cannot find model version: price v9");
    api.post("/api/v1/ml/models/price/aliases/canary", "{\"version\": 1}", "Authorization", bearer)
        .assertProblem(400, "alias=canary");
    api.post(
            "/api/v1/ml/models/price/aliases/staging",
            "{\"version\": \"two\"}",
            "Authorization",
            bearer)
        .assertProblem(400, "version");
    Api.Reply staged =
        api.post(
            "/api/v1/ml/models/price/aliases/staging", "{\"version\": 2}", "Authorization", bearer);
    assertThat(staged.status()).as(staged.body()).isEqualTo(200);
    assertThat(staged.json().getJsonObject("aliases").getInt("staging")).isEqualTo(2);
    assertThat(staged.json().getInt("serving_version"))
        .as("staging does not change serving")
        .isEqualTo(1);
  }

  @Test
  void extremeNumbersInABodyAreAShort400() {
    // "rating": 1e-999999999 answered ~1 GB (the plain digits of the value in the message); the
    // same shape, a hundred times smaller, keeps this test quick on code without the bound.
    Api.Reply tiny =
        api.post(
            "/api/v1/ml/predict/price",
            "{\"rating\": 1e-99999999, \"review_count\": 0, "
                + "\"stock_count\": 1, \"in_stock\": true, \"description_length\": 10, \"title_word_count\": 2, "
                + "\"days_since_first_seen\": 0, \"category\": \"Travel\"}");
    tiny.assertProblem(400, "rating");
    assertThat(tiny.bytes().length).as(tiny.body()).isLessThan(2048);
    Api.Reply hugeId = api.post("/api/v1/ml/predict", "{\"books\": [{\"id\": 1e99999}]}");
    hugeId.assertProblem(400, "books[0].id");
    assertThat(hugeId.bytes().length).as(hugeId.body()).isLessThan(2048);
  }

  @Test
  void everyDoubleWithinAFeatureRangeIsTakenHoweverSmall() {
    // A client's JSON encoder may send a subnormal double; the document says number from 0.
    Api.Reply r =
        api.post(
            "/api/v1/ml/predict/price",
            "{\"rating\": 4, \"review_count\": 7.055204258762557e-276, "
                + "\"stock_count\": 1, \"in_stock\": true, \"description_length\": 10, \"title_word_count\": 5e-324, "
                + "\"days_since_first_seen\": 0, \"category\": \"Travel\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private static String route(String model) {
    return model.equals("rating") ? "/api/v1/ml/predict" : "/api/v1/ml/predict/price";
  }

  /** The columns a model's features read, from a synthetic book. */
  private static Map<String, Object> columns(String model, Map<String, Object> book) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (var f : TestModels.CONTRACT.features(model)) {
      out.put(f.source(), book.get(f.source()));
    }
    return out;
  }

  private static String batch(List<Map<String, Object>> books) {
    return new JsonOut(books.size() * 256)
        .beginObject()
        .name("books")
        .value(books)
        .endObject()
        .toString();
  }

  private static String json(Map<String, Object> book) {
    return new JsonOut(256).value(book).toString();
  }
}
