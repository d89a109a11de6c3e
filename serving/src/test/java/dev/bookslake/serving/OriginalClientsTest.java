package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.pipelines.testing.GoldFixture;
import dev.bookslake.schemas.features.FeatureVectorizer;
import dev.bookslake.serving.http.JsonOut;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Clients written against the original API's examples work as written: its example bodies verbatim
 * (a partial book, {@code availability} as the site writes it, {@code price} for the rating model),
 * the {@code price} and {@code availability} of book objects, and plain category names. Missing
 * features are NaN for DJL's XGBoost engine, checked against xgboost4j's own handling of missing
 * values ({@code DMatrix(..., missing = NaN)}) on the same models.
 */
@ServerTest
class OriginalClientsTest {
  private static final Path LAKE = TestLakes.newFolder("original-clients");
  private static final Map<String, TestModels.Trained> TRAINED = trainModels();
  private static final Components COMPONENTS =
      Components.create(TestLakes.config(LAKE, Map.of()), false).start();
  private static final List<String> UNKNOWN_TO_THE_ORIGINAL_CLIENT =
      List.of(
          "review_count",
          "stock_count",
          "description_length",
          "title_word_count",
          "days_since_first_seen");

  private final Api api;

  OriginalClientsTest(WebServer server) {
    this.api = new Api(server);
  }

  private static Map<String, TestModels.Trained> trainModels() {
    Lake lake = Lake.at(LAKE);
    GoldFixture.write(lake, 40, List.of(TestLakes.DAY_1, TestLakes.DAY_2));
    Map<String, TestModels.Trained> out = new HashMap<>();
    for (String target : List.of("rating", "price")) {
      out.put(target, TestModels.trainAndRegister(lake, target, 20, LAKE.resolve("_scratch")));
      ModelRegistry.in(lake).promote(target, 1, ModelRegistry.PRODUCTION, "test", "first");
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
  void theOriginalPriceExampleIsAnsweredWithTheMissingFeaturesNamed() {
    Api.Reply reply =
        api.post(
            "/api/v1/ml/predict/price",
            "{\"rating\": 4, \"category\": \"Fiction\", \"availability\": \"In stock\"}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonObject body = reply.json();
    assertThat(body.getString("model")).isEqualTo("price");
    JsonObject p = body.getJsonArray("predictions").getJsonObject(0);
    assertThat(p.keySet()).containsExactly("price", "missing_features");
    assertThat(strings(p.getJsonArray("missing_features")))
        .containsExactlyElementsOf(UNKNOWN_TO_THE_ORIGINAL_CLIENT);
    float[] expected =
        TRAINED.get("price")
            .predict(
                new float[][] {
                  partial("price", Map.of("rating", 4, "category", "Fiction", "in_stock", true))
                })[0];
    assertThat(p.getJsonNumber("price").doubleValue()).isCloseTo(expected[0], within(1e-5));
  }

  @Test
  void theOriginalRatingExampleReadsPriceAsPriceExclTax() {
    Api.Reply reply =
        api.post(
            "/api/v1/ml/predict",
            "{\"price\": 51.77, \"category\": \"Poetry\", \"availability\": \"In stock\"}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonObject p = reply.json().getJsonArray("predictions").getJsonObject(0);
    assertThat(p.keySet()).containsExactly("rating", "probabilities", "missing_features");
    assertThat(strings(p.getJsonArray("missing_features")))
        .containsExactlyElementsOf(UNKNOWN_TO_THE_ORIGINAL_CLIENT);
    Api.Reply precise =
        api.post(
            "/api/v1/ml/predict",
            "{\"price_excl_tax\": 51.77, \"category\": \"Poetry\", \"in_stock\": true}");
    JsonObject same = precise.json().getJsonArray("predictions").getJsonObject(0);
    assertThat(p.getJsonObject("probabilities")).isEqualTo(same.getJsonObject("probabilities"));
    float[] expected =
        TRAINED.get("rating")
            .predict(
                new float[][] {
                  partial(
                      "rating",
                      Map.of(
                          "price_excl_tax",
                          new BigDecimal("51.77"),
                          "category",
                          "Poetry",
                          "in_stock",
                          true))
                })[0];
    for (int c = 0; c < 5; c++) {
      assertThat(
              p.getJsonObject("probabilities").getJsonNumber(Integer.toString(c + 1)).doubleValue())
          .isCloseTo(expected[c], within(1e-5));
    }
  }

  @Test
  void availabilityTextSetsInStockAndTheCountWhenItSaysIt() {
    Map<String, String> same =
        Map.of(
            "\"availability\": \"In stock (19 available)\"",
            "\"in_stock\": true, \"stock_count\": 19",
            "\"availability\": \"Out of stock\"",
            "\"in_stock\": false, \"stock_count\": 0",
            "\"availability\": \"In stock\"",
            "\"in_stock\": true");
    same.forEach(
        (text, columns) -> {
          JsonObject byText =
              first(api.post("/api/v1/ml/predict/price", "{\"rating\": 3, " + text + "}"));
          JsonObject byColumns =
              first(api.post("/api/v1/ml/predict/price", "{\"rating\": 3, " + columns + "}"));
          assertThat(byText).as(text).isEqualTo(byColumns);
        });
    assertThat(
            strings(
                first(
                        api.post(
                            "/api/v1/ml/predict/price",
                            "{\"rating\": 3, \"availability\": \"In stock (19 available)\"}"))
                    .getJsonArray("missing_features")))
        .doesNotContain("stock_count", "in_stock");
  }

  @Test
  void djlPredictsWhatXgboost4jPredictsWithMissingValues() {
    Random random = new Random(11);
    for (String model : List.of("rating", "price")) {
      List<Map<String, Object>> books = new ArrayList<>();
      for (Map<String, Object> book : TestModels.books(300, 2027)) {
        Map<String, Object> some = new LinkedHashMap<>();
        for (var f : TestModels.CONTRACT.features(model)) {
          if (random.nextInt(3) == 0 || some.isEmpty() && f.source().equals("category")) {
            some.put(f.source(), book.get(f.source()));
          }
        }
        books.add(some);
      }
      Api.Reply reply =
          api.post(
              model.equals("rating") ? "/api/v1/ml/predict" : "/api/v1/ml/predict/price",
              new JsonOut(300 * 128)
                  .beginObject()
                  .name("books")
                  .value(books)
                  .endObject()
                  .toString());
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      JsonArray predictions = reply.json().getJsonArray("predictions");
      float[][] rows = new float[books.size()][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = partial(model, books.get(i));
      }
      float[][] expected = TRAINED.get(model).predict(rows);
      for (int i = 0; i < rows.length; i++) {
        JsonObject p = predictions.getJsonObject(i);
        if (model.equals("rating")) {
          for (int c = 0; c < 5; c++) {
            assertThat(
                    p.getJsonObject("probabilities")
                        .getJsonNumber(Integer.toString(c + 1))
                        .doubleValue())
                .as("book %d class %d", i, c + 1)
                .isCloseTo(expected[i][c], within(1e-5));
          }
        } else {
          assertThat(p.getJsonNumber("price").doubleValue())
              .as("book %d", i)
              .isCloseTo(expected[i][0], within(1e-5));
        }
        List<String> missing = new ArrayList<>();
        for (var f : TestModels.CONTRACT.features(model)) {
          if (!books.get(i).containsKey(f.source())) {
            missing.add(f.source());
          }
        }
        assertThat(p.containsKey("missing_features")).isEqualTo(!missing.isEmpty());
        if (!missing.isEmpty()) {
          assertThat(strings(p.getJsonArray("missing_features"))).isEqualTo(missing);
        }
      }
    }
  }

  @Test
  void aCompleteBookIsAnsweredAsBeforeWithoutMissingFeatures() {
    Map<String, Object> book = new LinkedHashMap<>();
    for (var f : TestModels.CONTRACT.features("price")) {
      book.put(f.source(), TestModels.books(1, 3).get(0).get(f.source()));
    }
    JsonObject p =
        first(api.post("/api/v1/ml/predict/price", new JsonOut(256).value(book).toString()));
    assertThat(p.keySet()).containsExactly("price");
    assertThat(first(api.post("/api/v1/ml/predict", "{\"id\": \"7\"}")).keySet())
        .containsExactly("id", "rating", "probabilities");
  }

  @Test
  void givenValuesKeepEveryCheckAndNothingAtAllIsRefused() {
    api.post("/api/v1/ml/predict/price", "{}")
        .assertProblem(400, "book: Cannot predict from nothing: give at least one of rating,");
    api.post("/api/v1/ml/predict", "{\"books\": [{\"price\": 3}, {}]}")
        .assertProblem(400, "books[1].book: Cannot predict from nothing");
    api.post("/api/v1/ml/predict/price", "{\"rating\": 4, \"availability\": \"Maybe\"}")
        .assertProblem(400, "availability: Cannot read availability \"Maybe\"");
    api.post("/api/v1/ml/predict/price", "{\"rating\": 4, \"availability\": \"in stock\"}")
        .assertProblem(400, "availability: Cannot read availability");
    api.post("/api/v1/ml/predict/price", "{\"availability\": 19}")
        .assertProblem(400, "availability: Cannot read availability 19");
    api.post("/api/v1/ml/predict/price", "{\"availability\": \"In stock\", \"in_stock\": true}")
        .assertProblem(400, "availability: Cannot mix availability with in_stock");
    api.post("/api/v1/ml/predict", "{\"price\": 10, \"price_excl_tax\": 10}")
        .assertProblem(400, "price: Cannot mix price with price_excl_tax");
    api.post("/api/v1/ml/predict", "{\"price\": -3}")
        .assertProblem(400, "price: Cannot vectorise feature price_excl_tax: -3 is below 0");
    api.post("/api/v1/ml/predict/price", "{\"rating\": 7}")
        .assertProblem(400, "rating: Cannot vectorise feature rating: 7 is above 5");
    api.post("/api/v1/ml/predict/price", "{\"rating\": \"4\"}")
        .assertProblem(400, "rating: Cannot vectorise feature rating: expected a number");
    api.post("/api/v1/ml/predict/price", "{\"rating\": null}")
        .assertProblem(400, "rating: Cannot use null for rating");
    api.post("/api/v1/ml/predict/price", "{\"rating\": 4, \"colour\": \"red\"}")
        .assertProblem(400, "colour: Cannot use unknown fields: colour");
    // the price model is never sent a price, by any name
    api.post("/api/v1/ml/predict/price", "{\"price\": 51.77, \"rating\": 4}")
        .assertProblem(400, "Cannot use unknown fields: price");
  }

  @Test
  void bookObjectsCarryPriceAndAvailabilityInEveryRoute() {
    JsonObject book = api.get("/api/v1/books/7").json();
    assertThat(book.getJsonNumber("price")).isEqualTo(book.getJsonNumber("price_incl_tax"));
    assertThat(book.getString("availability"))
        .isEqualTo(
            book.getBoolean("in_stock")
                ? "In stock (" + book.getInt("stock_count") + " available)"
                : "Out of stock");

    String category = book.getString("category");
    for (String uri :
        List.of(
            "/api/v1/books?size=100",
            "/api/v1/books/search?in_stock=false",
            "/api/v1/books/search?title=a",
            "/api/v1/books/top-rated?limit=5",
            "/api/v1/books/price-range?min=0&max=1000",
            "/api/v1/categories/" + category.replace(" ", "%20") + "/books")) {
      Api.Reply reply = api.get(uri);
      assertThat(reply.status()).as(uri).isEqualTo(200);
      for (JsonValue v : reply.json().getJsonArray("items")) {
        JsonObject b = v.asJsonObject();
        assertThat(b.getJsonNumber("price")).as(uri).isEqualTo(b.getJsonNumber("price_incl_tax"));
        assertThat(b.getString("availability"))
            .as(uri)
            .matches("In stock \\([0-9]+ available\\)|Out of stock")
            .startsWith(b.getBoolean("in_stock") ? "In stock" : "Out of stock");
      }
    }
  }

  @Test
  void categoriesAnswerPlainNamesOnRequest() {
    Api.Reply full = api.get("/api/v1/categories");
    Api.Reply names = api.get("/api/v1/categories?format=names");

    assertThat(names.status()).as(names.body()).isEqualTo(200);
    List<String> expected =
        full.json().getJsonArray("items").stream()
            .map(v -> v.asJsonObject().getString("name"))
            .toList();
    try (JsonReader reader = Json.createReader(new StringReader(names.body()))) {
      assertThat(strings(reader.readArray())).isEqualTo(expected).isNotEmpty();
    }
    assertThat(api.get("/api/v1/categories?format=objects").body()).isEqualTo(full.body());
    assertThat(names.header("ETag")).isNotEqualTo(full.header("ETag"));
    assertThat(
            api.get("/api/v1/categories?format=names", "If-None-Match", names.header("ETag"))
                .status())
        .isEqualTo(304);
    api.get("/api/v1/categories?format=xml")
        .assertProblem(400, "Cannot use format=xml: must be one of objects, names");
    api.get("/api/v1/categories?fromat=names").assertProblem(400, "fromat");
  }

  private static JsonObject first(Api.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().getJsonArray("predictions").getJsonObject(0);
  }

  private static List<String> strings(JsonArray array) {
    return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  /** The vector the model sees for a partial book: NaN wherever a feature is missing. */
  private static float[] partial(String model, Map<String, Object> columns) {
    FeatureVectorizer v = TestModels.CONTRACT.vectorizer(model);
    return v.vectorisePartial(columns).vector();
  }
}
