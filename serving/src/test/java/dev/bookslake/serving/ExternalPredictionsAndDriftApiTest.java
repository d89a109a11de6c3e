package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.TableFiles;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.testing.GoldFixture;
import dev.bookslake.schemas.gold.FeatureDriftRow;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** External predictions in (stored in the lake) and their score out; the drift report route. */
@ServerTest
class ExternalPredictionsAndDriftApiTest {
  private static final String SECRET = "external-test-secret-0123456789abcdef0123";
  private static final Path LAKE = lake();
  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(
                  LAKE,
                  Map.of("auth.jwt-secret", SECRET, "ml.external-predictions.max-rows", "50")),
              false)
          .start();
  private final Api api;
  private final String bearer;

  ExternalPredictionsAndDriftApiTest(WebServer server) {
    this.api = new Api(server);
    this.bearer = Api.bearer(SECRET, "carol");
  }

  private static Path lake() {
    Path lake = TestLakes.newFolder("external");
    GoldFixture.write(Lake.at(lake), 20, List.of(TestLakes.DAY_1, TestLakes.DAY_2));
    return lake;
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
  void scoresStoredPredictionsAgainstGold() throws Exception {
    JsonObject b1 = api.get("/api/v1/books/1").json();
    JsonObject b2 = api.get("/api/v1/books/2").json();
    JsonObject b3 = api.get("/api/v1/books/3").json();
    assertThat(List.of(b1.getInt("rating"), b2.getInt("rating"), b3.getInt("rating")))
        .containsExactly(2, 3, 4);
    BigDecimal p1 = b1.getJsonNumber("price_incl_tax").bigDecimalValue();
    BigDecimal p2 = b2.getJsonNumber("price_incl_tax").bigDecimalValue();

    // rating: |4.6-2| = 2.6 (rounds to 5: wrong), |3.4-3| = 0.4 (3: right), |4.0-4| = 0 (right)
    // price: +2 and -1 → MAE 1.5, RMSE sqrt((4 + 1) / 2)
    String body =
        "[{\"id\": \"1\", \"predicted_rating\": 4.6, \"predicted_price\": "
            + p1.add(BigDecimal.TWO)
            + "},"
            + "{\"id\": \""
            + b2.getString("upc")
            + "\", \"predicted_rating\": 3.4, \"predicted_price\": "
            + p2.subtract(BigDecimal.ONE)
            + "},"
            + "{\"id\": 3, \"predicted_rating\": 4.0}]";
    Api.Reply posted =
        api.post("/api/v1/ml/predictions?model=my-gbm", body, "Authorization", bearer);
    assertThat(posted.status()).as(posted.body()).isEqualTo(201);
    assertThat(posted.json().getInt("count")).isEqualTo(3);
    assertThat(posted.json().getString("submitter")).isEqualTo("carol");
    assertThat(posted.json().getString("submission_id")).isNotBlank();
    // another model's predictions do not count
    api.post(
        "/api/v1/ml/predictions",
        "{\"model\": \"other\", \"predictions\": [{\"id\": \"1\", \"predicted_rating\": 1}]}",
        "Authorization",
        bearer);

    JsonObject score = api.get("/api/v1/ml/predictions/score?model=my-gbm").json();
    assertThat(score.getInt("count")).isEqualTo(3);
    assertThat(score.getInt("matched")).isEqualTo(3);
    assertThat(score.getInt("submissions")).isEqualTo(1);
    JsonObject rating = score.getJsonObject("rating");
    assertThat(rating.getInt("n")).isEqualTo(3);
    assertThat(rating.getJsonNumber("mae").doubleValue()).isCloseTo(1.0, within(1e-9));
    assertThat(rating.getJsonNumber("accuracy").doubleValue()).isCloseTo(2.0 / 3, within(1e-9));
    JsonObject price = score.getJsonObject("price");
    assertThat(price.getInt("n")).isEqualTo(2);
    assertThat(price.getJsonNumber("mae").doubleValue()).isCloseTo(1.5, within(1e-9));
    assertThat(price.getJsonNumber("rmse").doubleValue()).isCloseTo(Math.sqrt(2.5), within(1e-9));

    // stored durably in the lake, readable with DuckDB
    String glob = LAKE.resolve("logs/external_predictions/*/*.jsonl").toString();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*), min(submitter), count(DISTINCT submission_id) FROM read_json_auto('"
                    + glob
                    + "') WHERE model = 'my-gbm'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(3);
      assertThat(rs.getString(2)).isEqualTo("carol");
      assertThat(rs.getInt(3)).isEqualTo(1);
    }
    assertThat(
            api.get("/api/v1/ml/predictions/score?model=other")
                .json()
                .getJsonObject("rating")
                .getInt("n"))
        .isEqualTo(1);
  }

  @Test
  void badSubmissionsAreProblems() {
    api.post("/api/v1/ml/predictions", "[{\"id\": \"1\", \"predicted_rating\": 4}]")
        .assertProblem(401, "bearer token");
    api.post(
            "/api/v1/ml/predictions",
            "[{\"id\": \"nope\", \"predicted_rating\": 4}]",
            "Authorization",
            bearer)
        .assertProblem(404, "predictions[0].id: Cannot find book: nope");
    api.post(
            "/api/v1/ml/predictions",
            "[{\"id\": \"1\", \"predicted_rating\": 4}, {\"id\": \"2\", \"predicted_rating\": 6}]",
            "Authorization",
            bearer)
        .assertProblem(
            400,
            "predictions[1].predicted_rating: Cannot use predicted_rating 6: must be from 1 to 5");
    api.post(
            "/api/v1/ml/predictions",
            "[{\"id\": \"1\", \"predicted_price\": -2}]",
            "Authorization",
            bearer)
        .assertProblem(400, "predictions[0].predicted_price");
    api.post(
            "/api/v1/ml/predictions",
            "[{\"id\": \"1\", \"predicted_price\": \"cheap\"}]",
            "Authorization",
            bearer)
        .assertProblem(400, "expected a number");
    api.post("/api/v1/ml/predictions", "[{\"id\": \"1\"}]", "Authorization", bearer)
        .assertProblem(400, "without predicted_rating or predicted_price");
    api.post(
            "/api/v1/ml/predictions",
            "[{\"id\": \"1\", \"predicted_rating\": 3, \"confidence\": 1}]",
            "Authorization",
            bearer)
        .assertProblem(400, "unknown fields: confidence");
    api.post("/api/v1/ml/predictions", "[]", "Authorization", bearer)
        .assertProblem(400, "empty submission");
    api.post("/api/v1/ml/predictions", "[", "Authorization", bearer)
        .assertProblem(400, "Cannot parse request body");
    api.post(
            "/api/v1/ml/predictions?model=a%20b",
            "[{\"id\": \"1\", \"predicted_rating\": 3}]", "Authorization", bearer)
        .assertProblem(400, "model=a b");
    String tooMany =
        "["
            + String.join(
                ",", java.util.Collections.nCopies(51, "{\"id\": \"1\", \"predicted_rating\": 3}"))
            + "]";
    api.post("/api/v1/ml/predictions", tooMany, "Authorization", bearer)
        .assertProblem(413, "more than 50");
    api.get("/api/v1/ml/predictions/score?model=never-posted").assertProblem(404, "never-posted");
    api.get("/api/v1/ml/predictions/score").assertProblem(400, "model");
  }

  @Test
  void driftReportIsServedGroupedByModelOnceWritten() throws Exception {
    api.get("/api/v1/ml/monitoring/drift").assertProblem(404, "Cannot find drift report");
    api.get("/api/v1/ml/monitoring/drift/history").assertProblem(404, "Cannot find drift report");

    Lake lake = Lake.at(LAKE);
    PendingSnapshot pending = lake.begin(Tables.GOLD_DRIFT_REPORT, TestLakes.DAY_2, "monitor-test");
    Path plain = TestLakes.newFolder("drift").resolve("drift.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute(
          """
          COPY (SELECT * REPLACE (psi::DOUBLE AS psi, ks_statistic::DOUBLE AS ks_statistic,
              ks_p_value::DOUBLE AS ks_p_value, p_value::DOUBLE AS p_value,
              reference_mean::DOUBLE AS reference_mean, current_mean::DOUBLE AS current_mean)
            FROM (VALUES
            ('rating', 3, 'inference_log', 'price_excl_tax', 'continuous', 0.31, 'significant', 0.2, 0.001, 0.001, 480::BIGINT, 90::BIGINT, 31.2, 44.0, true),
            ('rating', 3, 'inference_log', 'category', 'discrete', 0.02, 'none', NULL, NULL, 0.9, 480::BIGINT, 90::BIGINT, 0.1, 0.1, false),
            ('price', 1, 'inference_log', 'rating', 'continuous', 0.05, 'none', 0.04, 0.7, 0.7, 480::BIGINT, 12::BIGINT, 3.0, 3.1, false))
            t(model, model_version, source, feature, kind, psi, band, ks_statistic, ks_p_value, p_value, reference_rows,
              current_rows, reference_mean, current_mean, drifted),
            (SELECT '2026-01-02T06:00:00Z' AS created_at, '2026-01-02' AS dt))
          TO '%s' (FORMAT parquet)"""
              .formatted(plain));
    }
    // DuckDB's Parquet has no Iceberg field ids: the lake writes the rows again with them.
    TableFiles.write(
        FeatureDriftRow.class,
        pending.directory().resolve("part-0.parquet"),
        TableFiles.readForeign(FeatureDriftRow.class, plain));
    pending.commit(3);

    Api.Reply reply = api.get("/api/v1/ml/monitoring/drift");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonObject report = reply.json();
    assertThat(report.getString("dt")).isEqualTo("2026-01-02");
    assertThat(report.getString("created_at")).isEqualTo("2026-01-02T06:00:00Z");
    JsonArray models = report.getJsonArray("models");
    assertThat(models).hasSize(2);
    JsonObject price = models.getJsonObject(0);
    assertThat(price.getString("model")).isEqualTo("price");
    assertThat(price.getBoolean("drifted")).isFalse();
    JsonObject rating = models.getJsonObject(1);
    assertThat(rating.getString("model")).isEqualTo("rating");
    assertThat(rating.getInt("version")).isEqualTo(3);
    assertThat(rating.getString("source")).isEqualTo("inference_log");
    assertThat(rating.getBoolean("drifted")).isTrue();
    assertThat(rating.getJsonArray("drifted_features").getString(0)).isEqualTo("price_excl_tax");
    JsonArray features = rating.getJsonArray("features");
    assertThat(features).hasSize(2);
    assertThat(features.getJsonObject(0).getString("feature")).isEqualTo("category");
    assertThat(features.getJsonObject(0).isNull("ks_statistic")).isTrue();
    assertThat(features.getJsonObject(1).getJsonNumber("psi").doubleValue()).isEqualTo(0.31);
    assertThat(features.getJsonObject(1).getString("band")).isEqualTo("significant");

    // the history: every dt of the table (one here), each report as the latest route answers it
    JsonObject history = api.get("/api/v1/ml/monitoring/drift/history?days=7").json();
    assertThat(history.getInt("days")).isEqualTo(7);
    assertThat(history.getJsonObject("thresholds").getJsonNumber("significant_psi").doubleValue())
        .isEqualTo(0.2);
    assertThat(history.getJsonObject("thresholds").getJsonNumber("p_value").doubleValue())
        .isEqualTo(0.001);
    assertThat(history.getJsonArray("reports")).hasSize(1);
    assertThat(history.getJsonArray("reports").getJsonObject(0)).isEqualTo(report);
    api.get("/api/v1/ml/monitoring/drift/history?days=0").assertProblem(400, "days");
  }

  @Test
  void predictionsWithoutAProductionModelAre503() {
    api.post("/api/v1/ml/predict", "{\"id\": \"1\"}")
        .assertProblem(503, "Cannot predict rating: no production model");
    api.post("/api/v1/ml/predict/price", "{\"id\": \"1\"}")
        .assertProblem(503, "Cannot predict price: no production model");
    assertThat(api.get("/api/v1/ml/models").json().getJsonArray("models")).isEmpty();
  }
}
