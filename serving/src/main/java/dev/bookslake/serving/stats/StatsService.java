package dev.bookslake.serving.stats;

import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.ResponseCache;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.CachedResponse;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Statistics from gold: {@code gold.overview} (one row of totals and distributions) and {@code
 * gold.category_stats} (one row per category). Every column of those tables is served as it is, so
 * a column the pipeline adds or renames appears here without a code change. {@code /sentiment}
 * summarises {@code gold.book_sentiment} per category (books, mean score, books per label), with an
 * empty list when the lake has no such rows (lakes built before the table existed).
 *
 * <pre>
 * curl http://127.0.0.1:8080/api/v1/stats/overview
 * curl http://127.0.0.1:8080/api/v1/stats/categories
 * curl http://127.0.0.1:8080/api/v1/stats/sentiment
 * </pre>
 */
public final class StatsService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/stats";

  // Every book counts, one without description as the neutral 0 gold gives it.
  static final String SENTIMENT_BY_CATEGORY =
      """
      SELECT category, count(*) AS books, round(avg(sentiment_score), 4) AS mean_score,
        count(*) FILTER (WHERE sentiment_label = 'positive') AS positive,
        count(*) FILTER (WHERE sentiment_label = 'neutral') AS neutral,
        count(*) FILTER (WHERE sentiment_label = 'negative') AS negative
      FROM book_sentiment GROUP BY category ORDER BY category
      """;

  private final RouteTable routes;
  private final ResponseCache cache;

  public StatsService(RouteTable routes, ResponseCache cache) {
    this.routes = routes;
    this.cache = cache;
  }

  @Override
  public void routing(HttpRules rules) {
    routes
        .under(PATH, rules)
        .get("/overview", this::overview)
        .get("/categories", this::categories)
        .get("/sentiment", this::sentiment);
  }

  private void sentiment(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Responses.sendCached(
        req, res, s, cache, Params.of(req), () -> CachedResponse.json(sentiment(s)));
  }

  /**
   * {@code {"dt": ..., "categories": [{"category", "books", "mean_score", "positive", "neutral",
   * "negative"}, ...]}} by category name; no categories when the snapshot has no sentiment rows.
   */
  static byte[] sentiment(GoldSnapshot s) {
    JsonOut out =
        new JsonOut(4096)
            .beginObject()
            .name("dt")
            .value(s.dt().toString())
            .name("categories")
            .beginArray();
    if (s.has(GoldSnapshot.BOOK_SENTIMENT)) {
      s.query(c -> sentimentByCategory(c, out));
    }
    return out.endArray().endObject().toBytes();
  }

  static JsonOut sentimentByCategory(Connection connection, JsonOut out) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(SENTIMENT_BY_CATEGORY);
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        out.beginObject()
            .name("category")
            .value(rows.getString("category"))
            .name("books")
            .value(rows.getLong("books"))
            .name("mean_score")
            .value(rows.getDouble("mean_score"))
            .name("positive")
            .value(rows.getLong("positive"))
            .name("neutral")
            .value(rows.getLong("neutral"))
            .name("negative")
            .value(rows.getLong("negative"))
            .endObject();
      }
    }
    return out;
  }

  private void overview(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Params.of(req);
    Responses.json(req, res, s, overview(s));
  }

  private void categories(ServerRequest req, ServerResponse res) {
    GoldSnapshot s = Responses.snapshot(req);
    Responses.sendCached(
        req, res, s, cache, Params.of(req), () -> CachedResponse.json(categories(s)));
  }

  /** The overview row, every column. */
  static byte[] overview(GoldSnapshot s) {
    s.require(GoldSnapshot.OVERVIEW);
    return s.overview()
        .orElseThrow(
            () ->
                ProblemException.unavailable(
                    "Cannot serve the overview: gold.overview has no row in snapshot " + s.dt()));
  }

  /** The per-category rows, every column, by category. */
  static byte[] categories(GoldSnapshot s) {
    s.require(GoldSnapshot.CATEGORY_STATS);
    byte[] rows = s.categoryStats().orElseThrow();
    return new JsonOut(rows.length + 64)
        .beginObject()
        .name("items")
        .raw(rows)
        .name("total")
        .value(s.tables().get(GoldSnapshot.CATEGORY_STATS).rows())
        .endObject()
        .toBytes();
  }
}
