package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

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
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A production version serving cannot use never takes predictions down: promoted in the registry it
 * leaves the last good version answering with the problem shown; promoted through the API it is
 * refused before the alias moves.
 */
@ServerTest
class ModelSwapApiTest {
  private static final String SECRET = "swap-test-secret-0123456789abcdef012345";
  private static final Path LAKE = TestLakes.newFolder("swap");

  /** rating v1 (good), v2 (on another feature contract). */
  private static final int BROKEN = registerModels();

  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(
                  LAKE, Map.of("auth.jwt-secret", SECRET, "ml.reload-interval", "PT0.05S")),
              false)
          .start();
  private final Api api;
  private final String bearer;

  ModelSwapApiTest(WebServer server) {
    this.api = new Api(server);
    this.bearer = Api.bearer(SECRET, "alice");
  }

  private static int registerModels() {
    Lake lake = Lake.at(LAKE);
    GoldFixture.write(lake, 20, List.of(TestLakes.DAY_1, TestLakes.DAY_2));
    TestModels.Trained good =
        TestModels.trainAndRegister(lake, "rating", 5, LAKE.resolve("_scratch"));
    ModelRegistry.in(lake).promote("rating", 1, ModelRegistry.PRODUCTION, "test", "first model");
    TestModels.trainAndRegister(lake, "price", 3, LAKE.resolve("_scratch"));
    ModelRegistry.in(lake).promote("price", 1, ModelRegistry.PRODUCTION, "test", "only model");
    return TestModels.registerOnAnotherContract(lake, good.version()).version();
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
  void aBrokenVersionPromotedInTheRegistryLeavesTheLastGoodOneServing() throws Exception {
    ModelRegistry.in(Lake.at(LAKE))
        .promote("rating", BROKEN, ModelRegistry.PRODUCTION, "trainer", "stale contract");
    JsonObject serving = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      serving = rating().getJsonObject("serving");
      if (!serving.isNull("problem")) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(serving.getString("problem"))
        .startsWith("Cannot serve model rating v" + BROKEN + ": trained on feature contract 0000");
    assertThat(serving.getInt("version")).isEqualTo(1);

    for (int i = 0; i < 5; i++) {
      Api.Reply reply = api.post("/api/v1/ml/predict", book());
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      assertThat(reply.json().getInt("version")).isEqualTo(1);
    }
    JsonObject health = api.get("/api/v1/health").json();
    assertThat(health.getJsonObject("model_problems").getString("rating"))
        .startsWith("Cannot serve model rating v" + BROKEN);

    Api.Reply back =
        api.post(
            "/api/v1/ml/models/rating/aliases/production",
            "{\"version\": 1}",
            "Authorization",
            bearer);
    assertThat(back.status()).as(back.body()).isEqualTo(200);
    assertThat(back.json().isNull("serving_problem")).isTrue();
    assertThat(rating().getJsonObject("serving").isNull("problem")).isTrue();
  }

  @Test
  void theRegistrysRefusalsAreClientProblems() {
    api.post("/api/v1/ml/models/price/aliases/rollback", "", "Authorization", bearer)
        .assertProblem(409, "Cannot roll back model: price has no earlier production version");
    api.post(
            "/api/v1/ml/models/price/aliases/production",
            "{\"version\": 9}",
            "Authorization",
            bearer)
        .assertProblem(404, "price v9");
    // A body field the document does not list is refused, a version on a rollback included.
    api.post(
            "/api/v1/ml/models/price/aliases/production",
            "{\"version\": 1, \"verison\": 2}",
            "Authorization",
            bearer)
        .assertProblem(400, "verison");
    api.post(
            "/api/v1/ml/models/price/aliases/rollback", "{\"version\": 1}", "Authorization", bearer)
        .assertProblem(400, "version");
    assertThat(
            api.get("/api/v1/ml/models/price").json().getJsonObject("aliases").getInt("production"))
        .isEqualTo(1);
  }

  @Test
  void aBrokenVersionPromotedThroughTheApiIs409AndTheAliasStays() {
    api.post(
            "/api/v1/ml/models/rating/aliases/production",
            "{\"version\": " + BROKEN + "}",
            "Authorization",
            bearer)
        .assertProblem(
            409,
            "Cannot promote model rating v"
                + BROKEN
                + " to production: trained on feature contract 0000");
    assertThat(rating().getJsonObject("aliases").getInt("production")).isEqualTo(1);
    assertThat(api.post("/api/v1/ml/predict", book()).json().getInt("version")).isEqualTo(1);

    // staging is for candidates under evaluation: the check is for production only
    Api.Reply staged =
        api.post(
            "/api/v1/ml/models/rating/aliases/staging",
            "{\"version\": " + BROKEN + "}",
            "Authorization",
            bearer);
    assertThat(staged.status()).as(staged.body()).isEqualTo(200);
  }

  private JsonObject rating() {
    return api.get("/api/v1/ml/models/rating").json();
  }

  private static String book() {
    Map<String, Object> columns = new LinkedHashMap<>();
    Map<String, Object> book = TestModels.books(1, 3).get(0);
    for (var f : TestModels.CONTRACT.features("rating")) {
      columns.put(f.source(), book.get(f.source()));
    }
    return new JsonOut(256).value(columns).toString();
  }
}
