package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.sql.LakeViews;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.pipelines.datapath.DataPath;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import io.helidon.webserver.WebServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ML lifecycle on sandbox data, through the real commands and the real server: the data path
 * builds gold from the sandbox, {@code bookslake train --promote-if-better} registers and promotes
 * both models, the API answers with DJL exactly what xgboost4j predicts, and {@code bookslake
 * monitor} flags prices fed ×3 through the API while the same books unshifted pass.
 *
 * <p>Two servers share one trained lake (copied before either starts), so each has an inference log
 * of its own: one fed the books as they are, one with every price tripled.
 */
class MlLifecycleIT {
  private static final int BOOKS = 1000;
  private static final String RUN_DATE = "2026-01-01";
  private static final Path LAKE = TestLakes.newFolder("ml-lifecycle");
  private static final Path SHIFTED_LAKE = TestLakes.newFolder("ml-lifecycle-shifted");
  private static final String[] RATING_INPUTS = {
    "price_excl_tax",
    "review_count",
    "stock_count",
    "in_stock",
    "description_length",
    "title_word_count",
    "days_since_first_seen",
    "category"
  };
  private static final String BOOK_COLUMNS_SQL =
      "SELECT upc, price_excl_tax, review_count, stock_count, in_stock, description_length, title_word_count, "
          + "days_since_first_seen, category, rating FROM gold.books ORDER BY site_id";

  private static final List<Components> COMPONENTS = new ArrayList<>();
  private static final List<WebServer> SERVERS = new ArrayList<>();

  @BeforeAll
  static void buildLakeAndTrain() throws IOException {
    SandboxConfig sandbox = SandboxConfig.builder().books(BOOKS).port(0).build();
    try (SandboxServer server = SandboxServer.start(sandbox)) {
      DataPath.run(
          PipelineOptionsFactory.fromArgs(
                  "--source=" + server.baseUri(),
                  "--lake=" + LAKE,
                  "--runDate=" + RUN_DATE,
                  "--retryBaseMs=10",
                  "--progressSeconds=60")
              .withValidation()
              .as(DataPath.Options.class));
    }
    for (String target : List.of("rating", "price")) {
      assertThat(
              TestLakes.cli(
                  "train",
                  "--lake",
                  LAKE.toString(),
                  "--run-date",
                  RUN_DATE,
                  "--target",
                  target,
                  "--promote-if-better"))
          .as("train %s", target)
          .isZero();
    }
    copyTree(LAKE, SHIFTED_LAKE);
  }

  @AfterAll
  static void stop() {
    SERVERS.forEach(WebServer::stop);
    COMPONENTS.forEach(Components::close);
  }

  private static Api start(Path lake) {
    Components components = Components.create(TestLakes.config(lake, Map.of()), false).start();
    COMPONENTS.add(components);
    WebServer server =
        WebServer.builder()
            .port(0)
            .routing(routing -> Main.routing(routing, components))
            .build()
            .start();
    SERVERS.add(server);
    return new Api(server);
  }

  @Test
  void servesTheTrainedModelsAndMonitorFlagsOnlyTheShiftedPrices() throws Exception {
    ModelRegistry registry = ModelRegistry.in(Lake.at(LAKE));
    ModelVersion rating = registry.alias("rating", ModelRegistry.PRODUCTION).orElseThrow();
    ModelVersion price = registry.alias("price", ModelRegistry.PRODUCTION).orElseThrow();
    assertThat(rating.metadata().trainingDt()).isEqualTo(RUN_DATE);
    assertThat(rating.metadata().featureNames()).doesNotContain("rating");
    assertThat(price.metadata().featureNames()).doesNotContain("price_excl_tax");

    Api api = start(LAKE);
    List<Map<String, Object>> books = bookColumns(LAKE);
    assertThat(books).hasSize(BOOKS);

    // DJL in the server against xgboost4j on the same 1000 gold feature vectors, by book id
    String byId =
        books.stream()
            .map(b -> "{\"id\":\"" + b.get("upc") + "\"}")
            .reduce((a, b) -> a + "," + b)
            .orElseThrow();
    JsonObject ratingReply =
        api.post(
                "/api/v1/ml/predict",
                "{\"books\":[" + byId + "]}",
                "Content-Type",
                "application/json")
            .json();
    assertThat(ratingReply.getInt("version")).isEqualTo(rating.version());
    JsonArray ratingPredictions = ratingReply.getJsonArray("predictions");
    assertThat(ratingPredictions).hasSize(BOOKS);
    float[][] expectedRating =
        xgboost(rating, featureVectors(LAKE, rating.metadata().featureNames()));
    for (int i = 0; i < BOOKS; i++) {
      JsonObject p = ratingPredictions.getJsonObject(i);
      assertThat(p.getString("id")).isEqualTo(books.get(i).get("upc"));
      JsonObject probabilities = p.getJsonObject("probabilities");
      for (int c = 0; c < 5; c++) {
        assertThat(probabilities.getJsonNumber(Integer.toString(c + 1)).doubleValue())
            .as("book %d class %d", i, c + 1)
            .isCloseTo(expectedRating[i][c], within(1e-5));
      }
      assertThat(p.getInt("rating")).isEqualTo(argmax(expectedRating[i]) + 1);
    }
    JsonArray pricePredictions =
        api.post(
                "/api/v1/ml/predict/price",
                "{\"books\":[" + byId + "]}",
                "Content-Type",
                "application/json")
            .json()
            .getJsonArray("predictions");
    float[][] expectedPrice = xgboost(price, featureVectors(LAKE, price.metadata().featureNames()));
    for (int i = 0; i < BOOKS; i++) {
      assertThat(pricePredictions.getJsonObject(i).getJsonNumber("price").doubleValue())
          .as("book %d", i)
          .isCloseTo(expectedPrice[i][0], within(1e-5));
    }

    // the same books sent as columns, unshifted here and with prices x3 on a second server
    Api shifted = start(SHIFTED_LAKE);
    assertThat(
            api.post("/api/v1/ml/predict", ratingBody(books, 1), "Content-Type", "application/json")
                .status())
        .isEqualTo(200);
    assertThat(
            shifted
                .post(
                    "/api/v1/ml/predict", ratingBody(books, 3), "Content-Type", "application/json")
                .status())
        .isEqualTo(200);

    String today = LocalDate.now(ZoneOffset.UTC).toString();
    assertThat(TestLakes.cli("monitor", "--lake", LAKE.toString(), "--run-date", today))
        .as("unshifted inputs")
        .isZero();
    assertThat(driftOf(LAKE, "rating", "price_excl_tax"))
        .containsEntry("source", "inference_log")
        .containsEntry("drifted", false);
    assertThat(TestLakes.cli("monitor", "--lake", SHIFTED_LAKE.toString(), "--run-date", today))
        .as("prices x3")
        .isEqualTo(3);
    assertThat(driftOf(SHIFTED_LAKE, "rating", "price_excl_tax"))
        .containsEntry("source", "inference_log")
        .containsEntry("band", "significant")
        .containsEntry("drifted", true);
    assertThat(driftOf(SHIFTED_LAKE, "rating", "stock_count")).containsEntry("drifted", false);

    // the API serves the report monitor just wrote
    JsonObject drift = shifted.get("/api/v1/ml/monitoring/drift").json();
    assertThat(drift.getString("dt")).isEqualTo(today);
    assertThat(
            drift.getJsonArray("models").stream()
                .map(JsonObject.class::cast)
                .filter(m -> m.getString("model").equals("rating"))
                .findFirst()
                .orElseThrow()
                .getBoolean("drifted"))
        .isTrue();
  }

  private static String ratingBody(List<Map<String, Object>> books, int priceFactor) {
    StringBuilder body = new StringBuilder("{\"books\":[");
    for (int i = 0; i < books.size(); i++) {
      Map<String, Object> b = books.get(i);
      body.append(i == 0 ? "{" : ",{");
      for (int c = 0; c < RATING_INPUTS.length; c++) {
        String column = RATING_INPUTS[c];
        Object value = b.get(column);
        if (column.equals("price_excl_tax")) {
          value = ((BigDecimal) value).multiply(BigDecimal.valueOf(priceFactor));
        }
        body.append(c == 0 ? "" : ",")
            .append('"')
            .append(column)
            .append("\":")
            .append(value instanceof String s ? "\"" + s.replace("\"", "\\\"") + "\"" : value);
      }
      body.append('}');
    }
    return body.append("]}").toString();
  }

  private static Connection lakeSql(Path lake) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
    LakeViews.install(connection, Lake.at(lake), null);
    return connection;
  }

  private static List<Map<String, Object>> bookColumns(Path lake) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = lakeSql(lake);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(BOOK_COLUMNS_SQL)) {
      while (r.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
          row.put(r.getMetaData().getColumnName(i), r.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  /**
   * gold.features vectors in site_id order (the order of {@link #bookColumns}), in the model's
   * column order.
   */
  private static float[][] featureVectors(Path lake, List<String> columns) throws SQLException {
    String sql = "SELECT f.* FROM gold.features f JOIN gold.books b USING (upc) ORDER BY b.site_id";
    List<float[]> rows = new ArrayList<>();
    try (Connection c = lakeSql(lake);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        float[] v = new float[columns.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = r.getFloat(columns.get(i));
        }
        rows.add(v);
      }
    }
    return rows.toArray(float[][]::new);
  }

  private static float[][] xgboost(ModelVersion model, float[][] rows) throws Exception {
    Booster booster = XGBoost.loadModel(model.modelFile().toString());
    int width = rows[0].length;
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    float[][] out = booster.predict(new DMatrix(flat, rows.length, width, Float.NaN));
    booster.dispose();
    return out;
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static Map<String, Object> driftOf(Path lake, String model, String feature)
      throws SQLException {
    String sql =
        "SELECT source, band, drifted FROM gold.drift_report WHERE model = ? AND feature = ?";
    try (Connection c = lakeSql(lake);
        var s = c.prepareStatement(sql)) {
      s.setString(1, model);
      s.setString(2, feature);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).as("drift row for %s/%s", model, feature).isTrue();
        return Map.of("source", r.getString(1), "band", r.getString(2), "drifted", r.getBoolean(3));
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
