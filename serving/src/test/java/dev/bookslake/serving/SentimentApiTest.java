package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Tables;
import dev.bookslake.ml.sentiment.Sentiment;
import dev.bookslake.pipelines.testing.GoldFixture;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /api/v1/ml/sentiment} (one text or a batch, with the limits) and {@code GET
 * /api/v1/stats/sentiment} (per category from gold.book_sentiment, empty on a lake without it).
 */
@ServerTest
class SentimentApiTest {
  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(
                  TestLakes.shared(),
                  Map.of("ml.sentiment.max-batch", "3", "ml.sentiment.max-chars", "60")),
              false)
          .start();
  private static final Sentiment SENTIMENT = Sentiment.load();
  private final Api api;

  SentimentApiTest(WebServer server) {
    this.api = new Api(server);
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

  private Api.Reply post(String body) {
    return api.post("/api/v1/ml/sentiment", body, "Content-Type", "application/json");
  }

  @Test
  void oneDescriptionAnswersItsScoreLabelAndProportions() {
    // VADER's first published example: compound 0.8316, pos 0.746, neu 0.254, neg 0.0.
    Api.Reply r = post("{\"description\": \"VADER is smart, handsome, and funny.\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    JsonObject s = r.json();
    assertThat(s.keySet()).containsExactly("score", "label", "positive", "neutral", "negative");
    assertThat(s.getJsonNumber("score").doubleValue()).isEqualTo(0.8316);
    assertThat(s.getString("label")).isEqualTo("positive");
    assertThat(s.getJsonNumber("positive").doubleValue()).isEqualTo(0.746);
    assertThat(s.getJsonNumber("neutral").doubleValue()).isEqualTo(0.254);
    assertThat(s.getJsonNumber("negative").doubleValue()).isEqualTo(0.0);
  }

  @Test
  void aBatchAnswersOneResultPerTextInOrder() {
    Api.Reply r =
        post(
            "{\"descriptions\": [\"The movie was bad.\", \"A guide to sourdough.\","
                + " \"The book was good.\"]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonArray results = r.json().getJsonArray("results");
    assertThat(results).hasSize(3);
    assertThat(results.stream().map(v -> v.asJsonObject().getString("label")).toList())
        .containsExactly("negative", "neutral", "positive");
    assertThat(results.getJsonObject(2).getJsonNumber("score").doubleValue()).isEqualTo(0.4404);
    assertThat(results.getJsonObject(0).getJsonNumber("score").doubleValue()).isEqualTo(-0.5423);
  }

  @Test
  void anEmptyTextIsNeutralZero() {
    JsonObject s = post("{\"description\": \"\"}").json();
    assertThat(s.getString("label")).isEqualTo("neutral");
    assertThat(s.getJsonNumber("score").doubleValue()).isZero();
    assertThat(s.getJsonNumber("neutral").doubleValue()).isZero();
  }

  @ParameterizedTest(name = "{0} -> 400 naming {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}                                          | description or descriptions",
        "{\"description\": null}                     | description or descriptions",
        "{\"description\": 5}                        | description",
        "{\"description\": [\"a\"]}                  | description",
        "{\"descriptions\": \"a\"}                   | descriptions",
        "{\"descriptions\": []}                      | descriptions",
        "{\"descriptions\": [\"a\", 7]}              | descriptions[1]",
        "{\"description\": \"a\", \"descriptions\": [\"b\"]} | descriptions",
        "{\"text\": \"a\"}                           | text",
        "{\"description\": \"a\", \"lang\": \"en\"}  | lang",
        "[\"a\"]                                     | expected a JSON object",
        "{\"description\": \"a\"                     | Cannot parse request body as JSON",
      })
  void badBodiesAre400NamingTheField(String body, String mentions) {
    JsonObject p = post(body.strip()).assertProblem(400, mentions.strip());
    assertThat(p.toString()).contains(mentions.strip().split(" ")[0]);
  }

  @Test
  void aTextOverTheCharacterCapIs400NamingIt() {
    String long61 = "a".repeat(61);
    post("{\"description\": \"" + long61 + "\"}")
        .assertProblem(400, "Cannot score a text over 60 characters: got 61");
    JsonObject p =
        post("{\"descriptions\": [\"ok\", \"" + long61 + "\"]}").assertProblem(400, "over 60");
    assertThat(p.getString("field")).isEqualTo("descriptions[1]");
    assertThat(post("{\"description\": \"" + "a".repeat(60) + "\"}").status()).isEqualTo(200);
  }

  @Test
  void aBatchOverTheCapIs413() {
    post("{\"descriptions\": [\"a\", \"b\", \"c\", \"d\"]}")
        .assertProblem(413, "more than 3 items in one request: got 4");
    assertThat(post("{\"descriptions\": [\"a\", \"b\", \"c\"]}").status()).isEqualTo(200);
  }

  @Test
  void statsSummariseGoldBookSentimentPerCategoryByName() {
    Api.Reply r = api.get("/api/v1/stats/sentiment");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject body = r.json();
    assertThat(body.keySet()).containsExactly("dt", "categories");
    assertThat(body.getString("dt")).isEqualTo(TestLakes.DAY_2.toString());
    List<JsonObject> categories =
        body.getJsonArray("categories").stream().map(v -> v.asJsonObject()).toList();
    assertThat(categories.stream().map(c -> c.getString("category")).toList())
        .isSortedAccordingTo(String::compareTo)
        .containsExactlyInAnyOrderElementsOf(GoldFixture.CATEGORIES);
    Map<String, Integer> booksPerCategory = new java.util.HashMap<>();
    api.get("/api/v1/stats/categories")
        .json()
        .getJsonArray("items")
        .forEach(
            v ->
                booksPerCategory.put(
                    v.asJsonObject().getString("category"), v.asJsonObject().getInt("books")));
    for (JsonObject c : categories) {
      assertThat(c.keySet())
          .containsExactly("category", "books", "mean_score", "positive", "neutral", "negative");
      assertThat(c.getInt("books")).isEqualTo(booksPerCategory.get(c.getString("category")));
      assertThat(c.getInt("positive") + c.getInt("neutral") + c.getInt("negative"))
          .isEqualTo(c.getInt("books"));
      assertThat(c.getJsonNumber("mean_score").doubleValue()).isBetween(-1.0, 1.0);
    }
    // Every tenth fixture book has no description (neutral 0); the others share one text that
    // VADER scores mildly positive ("A story, number N, told with \"quotes\" ...": 0.0772).
    double described =
        SENTIMENT.score("A story, number 7, told with \"quotes\" and unicode: café.").compound();
    assertThat(described).isGreaterThanOrEqualTo(0.05);
    assertThat(categories.stream().mapToInt(c -> c.getInt("neutral")).sum())
        .isEqualTo(TestLakes.BOOKS / 10);
    assertThat(categories.stream().mapToInt(c -> c.getInt("positive")).sum())
        .isEqualTo(TestLakes.BOOKS - TestLakes.BOOKS / 10);
    assertThat(categories)
        .allSatisfy(
            c -> {
              assertThat(c.getInt("negative")).isZero();
              assertThat(c.getJsonNumber("mean_score").doubleValue())
                  .isCloseTo(described * c.getInt("positive") / c.getInt("books"), within(0.00005));
            });
    assertThat(api.get("/api/v1/stats/sentiment", "If-None-Match", r.header("ETag")).status())
        .isEqualTo(304);
  }

  @Test
  void statsOfALakeWithoutBookSentimentHaveNoCategories() {
    Path lakeRoot = TestLakes.newFolder("no-sentiment");
    GoldFixture.writeWithout(
        Lake.at(lakeRoot), 16, List.of(TestLakes.DAY_1), Set.of(Tables.GOLD_BOOK_SENTIMENT));
    Components components = Components.create(TestLakes.config(lakeRoot, Map.of()), false).start();
    WebServer server =
        WebServer.builder()
            .port(0)
            .update(Main::server)
            .routing(r -> Main.routing(r, components))
            .build()
            .start();
    try {
      Api.Reply r = new Api(server).get("/api/v1/stats/sentiment");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\"dt\":\"" + TestLakes.DAY_1 + "\",\"categories\":[]}");
      assertThat(new Api(server).get("/api/v1/stats/categories").status()).isEqualTo(200);
    } finally {
      server.stop();
      components.close();
    }
  }
}
