package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every read route over a fixture gold lake, through the real server on a free port. */
@ServerTest
class ReadApiTest {
  private static final Components COMPONENTS =
      Components.create(TestLakes.config(TestLakes.shared(), Map.of()), false).start();
  private final Api api;

  ReadApiTest(WebServer server) {
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

  @Test
  void booksArePagedWithLinkHeaders() {
    Api.Reply r = api.get("/api/v1/books?page=2&size=10");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.header("X-Bookslake-Snapshot")).isEqualTo("2026-01-02");
    JsonObject page = r.json();
    assertThat(page.getInt("page")).isEqualTo(2);
    assertThat(page.getInt("size")).isEqualTo(10);
    assertThat(page.getInt("total")).isEqualTo(TestLakes.BOOKS);
    JsonArray items = page.getJsonArray("items");
    assertThat(items).hasSize(10);
    assertThat(items.getJsonObject(0).getInt("id")).isEqualTo(11);
    assertThat(items.getJsonObject(0).getString("upc")).hasSize(16);
    assertThat(r.header("Link"))
        .contains("</api/v1/books?page=1&size=10>; rel=\"first\"")
        .contains("</api/v1/books?page=1&size=10>; rel=\"prev\"")
        .contains("</api/v1/books?page=3&size=10>; rel=\"next\"")
        .contains("</api/v1/books?page=12&size=10>; rel=\"last\"");
  }

  @Test
  void booksAreSortedByEveryField() {
    JsonArray byPrice = api.get("/api/v1/books?sort=-price&size=100").json().getJsonArray("items");
    for (int i = 1; i < byPrice.size(); i++) {
      assertThat(byPrice.getJsonObject(i - 1).getJsonNumber("price_incl_tax").bigDecimalValue())
          .isGreaterThanOrEqualTo(
              byPrice.getJsonObject(i).getJsonNumber("price_incl_tax").bigDecimalValue());
    }
    JsonArray byTitle = api.get("/api/v1/books?sort=title&size=5").json().getJsonArray("items");
    assertThat(byTitle.getJsonObject(0).getString("title")).startsWith("A Light in the Attic");
    JsonArray byRating =
        api.get("/api/v1/books?sort=-rating,id&size=3").json().getJsonArray("items");
    assertThat(byRating.getJsonObject(0).getInt("rating")).isEqualTo(5);
    assertThat(byRating.getJsonObject(0).getInt("id"))
        .isLessThan(byRating.getJsonObject(1).getInt("id"));
  }

  @Test
  void oneBookBySiteIdOrUpcCarriesEveryGoldColumn() {
    JsonObject book = api.get("/api/v1/books/7").json();
    assertThat(book.getInt("id")).isEqualTo(7);
    assertThat(book.getInt("site_id")).isEqualTo(7);
    assertThat(book.keySet())
        .contains(
            "title",
            "category",
            "price_excl_tax",
            "price_incl_tax",
            "tax",
            "currency",
            "stock_count",
            "in_stock",
            "rating",
            "review_count",
            "description",
            "image_url",
            "product_url",
            "page_sha256",
            "scraped_at",
            "run_id",
            "dt",
            "price_band",
            "description_length",
            "title_word_count",
            "first_seen",
            "days_since_first_seen");
    assertThat(book.get("tax").getValueType()).isEqualTo(JsonValue.ValueType.NUMBER);
    assertThat(book.getString("scraped_at")).isEqualTo("2026-01-02T06:00:00Z");

    Api.Reply byUpc = api.get("/api/v1/books/" + book.getString("upc"));
    assertThat(byUpc.json().getInt("id")).isEqualTo(7);
    assertThat(api.get("/api/v1/books/10").json().isNull("description")).isTrue();
  }

  @Test
  void searchCombinesFilters() {
    JsonObject page =
        api.get(
                "/api/v1/books/search?title=LIGHT&category=poetry&min_price=10&max_price=40&min_rating=2&in_stock=true&size=100")
            .json();
    JsonArray items = page.getJsonArray("items");
    assertThat(items).isNotEmpty();
    for (JsonValue v : items) {
      JsonObject b = v.asJsonObject();
      assertThat(b.getString("title").toLowerCase()).contains("light");
      assertThat(b.getString("category")).isEqualTo("Poetry");
      assertThat(b.getJsonNumber("price_incl_tax").doubleValue()).isBetween(10.0, 40.0);
      assertThat(b.getInt("rating")).isGreaterThanOrEqualTo(2);
      assertThat(b.getBoolean("in_stock")).isTrue();
    }
    assertThat(page.getInt("total")).isEqualTo(items.size());
    assertThat(api.get("/api/v1/books/search?in_stock=false&size=100").json().getJsonArray("items"))
        .allMatch(v -> !v.asJsonObject().getBoolean("in_stock"));
    assertThat(api.get("/api/v1/books/search?title=no-such-title").json().getInt("total")).isZero();
  }

  @Test
  void topRatedAndPriceRange() {
    JsonArray top = api.get("/api/v1/books/top-rated?limit=5").json().getJsonArray("items");
    assertThat(top).hasSize(5).allMatch(v -> v.asJsonObject().getInt("rating") == 5);

    JsonObject range = api.get("/api/v1/books/price-range?min=20&max=25&size=100").json();
    JsonArray items = range.getJsonArray("items");
    assertThat(items)
        .isNotEmpty()
        .allMatch(
            v -> {
              double p = v.asJsonObject().getJsonNumber("price_incl_tax").doubleValue();
              return p >= 20 && p <= 25;
            });
    assertThat(range.getString("sort")).isEqualTo("price");
  }

  @Test
  void aPriceRangeWithMinAboveMaxIsEmptyNotAnError() {
    // An empty interval, like any other filter that matches nothing: the document allows it.
    assertThat(api.get("/api/v1/books/price-range?min=25&max=20").json().getInt("total")).isZero();
    assertThat(api.get("/api/v1/books/search?min_price=30&max_price=10").json().getInt("total"))
        .isZero();
  }

  @Test
  void historyHasOneIntervalPerDay() {
    JsonObject history = api.get("/api/v1/books/7/history").json();
    JsonArray items = history.getJsonArray("items");
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(0).getString("valid_from")).isEqualTo("2026-01-01");
    assertThat(items.getJsonObject(0).getString("valid_to")).isEqualTo("2026-01-02");
    assertThat(items.getJsonObject(0).getBoolean("is_current")).isFalse();
    assertThat(items.getJsonObject(1).isNull("valid_to")).isTrue();
    assertThat(items.getJsonObject(1).getBoolean("is_current")).isTrue();
  }

  @Test
  void categoriesWithCountsAndTheirBooks() {
    JsonObject categories = api.get("/api/v1/categories").json();
    assertThat(categories.getInt("total")).isEqualTo(8);
    JsonObject first = categories.getJsonArray("items").getJsonObject(0);
    assertThat(first.getString("name")).isEqualTo("Fantasy");
    assertThat(first.getInt("books")).isEqualTo(15);

    JsonObject books =
        api.get("/api/v1/categories/historical%20fiction/books?size=5&sort=-price").json();
    assertThat(books.getString("category")).isEqualTo("Historical Fiction");
    assertThat(books.getInt("total")).isEqualTo(15);
    assertThat(books.getJsonArray("items"))
        .hasSize(5)
        .allMatch(v -> v.asJsonObject().getString("category").equals("Historical Fiction"));
  }

  @Test
  void statsServeEveryColumnGenerically() {
    JsonObject overview = api.get("/api/v1/stats/overview").json();
    assertThat(overview.getInt("books")).isEqualTo(TestLakes.BOOKS);
    assertThat(
            overview.getInt("rating_1")
                + overview.getInt("rating_2")
                + overview.getInt("rating_3")
                + overview.getInt("rating_4")
                + overview.getInt("rating_5"))
        .isEqualTo(TestLakes.BOOKS);
    assertThat(overview.get("median_price").getValueType()).isEqualTo(JsonValue.ValueType.NUMBER);
    assertThat(overview.get("avg_price").getValueType()).isEqualTo(JsonValue.ValueType.NUMBER);

    JsonObject stats = api.get("/api/v1/stats/categories").json();
    assertThat(stats.getInt("total")).isEqualTo(8);
    assertThat(stats.getJsonArray("items").getJsonObject(0).keySet())
        .contains("category", "books", "in_stock_books", "median_price", "rating_5", "dt");
  }

  @Test
  void mlDataAsJsonPages() {
    JsonObject features = api.get("/api/v1/ml/features?page=2&size=50").json();
    assertThat(features.getInt("total")).isEqualTo(TestLakes.BOOKS);
    assertThat(features.getJsonArray("items")).hasSize(50);
    assertThat(features.getJsonArray("items").getJsonObject(0).getInt("site_id")).isEqualTo(51);

    JsonObject training = api.get("/api/v1/ml/training-data?size=3").json();
    assertThat(training.getJsonArray("items").getJsonObject(0).keySet())
        .contains("rating", "target_rating", "target_price", "split", "feature_contract_hash");
  }

  @Test
  void trainingDataAsCsvByAcceptHeader() {
    Api.Reply csv = api.get("/api/v1/ml/training-data", "Accept", "text/csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    assertThat(csv.header("Content-Disposition"))
        .contains("bookslake-training-data-2026-01-02.csv");
    List<String> lines = csv.body().lines().toList();
    assertThat(lines).hasSize(TestLakes.BOOKS + 1);
    assertThat(lines.get(0))
        .startsWith("upc,site_id,")
        .contains(",target_rating,target_price,split,");
  }

  @Test
  void trainingDataAsParquetReadsBackWithDuckDb() throws Exception {
    Api.Reply parquet = api.get("/api/v1/ml/training-data?format=parquet");
    assertThat(parquet.status()).isEqualTo(200);
    assertThat(parquet.contentType()).isEqualTo("application/vnd.apache.parquet");
    Path file = TestLakes.newFolder("download").resolve("training.parquet");
    Files.write(file, parquet.bytes());

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        PreparedStatement ps =
            db.prepareStatement(
                "SELECT count(*), count(*) FILTER (WHERE split = 'test'), min(target_rating), max(target_rating)"
                    + " FROM read_parquet(?)")) {
      ps.setString(1, file.toString());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(TestLakes.BOOKS);
        // The fixture splits as the features stage does (TrainingSplit: a hash of the UPC): 28 of
        // its 120 books.
        assertThat(rs.getInt(2)).isEqualTo(28);
        assertThat(rs.getInt(3)).isEqualTo(1);
        assertThat(rs.getInt(4)).isEqualTo(5);
      }
    }
  }

  @Test
  void recommendationsNameTheNeighbours() {
    JsonObject rec = api.get("/api/v1/ml/recommendations/1?limit=3").json();
    assertThat(rec.getInt("id")).isEqualTo(1);
    JsonArray items = rec.getJsonArray("items");
    assertThat(items).hasSize(3);
    assertThat(items.getJsonObject(0).getInt("rank")).isEqualTo(1);
    assertThat(items.getJsonObject(0).getInt("id")).isEqualTo(8);
    assertThat(items.getJsonObject(0).getString("title")).isEqualTo("A Light in the Attic 8");
    assertThat(api.get("/api/v1/ml/recommendations/1").json().getJsonArray("items")).hasSize(5);
  }

  @Test
  void healthAndReadiness() {
    JsonObject health = api.get("/api/v1/health").json();
    assertThat(health.getString("status")).isEqualTo("UP");
    assertThat(health.getString("snapshot_dt")).isEqualTo("2026-01-02");
    assertThat(health.isNull("model_version")).as("no model is registered").isTrue();
    assertThat(health.getJsonObject("models").keySet()).containsExactly("rating", "price");
    assertThat(health.getJsonObject("models").isNull("rating")).isTrue();
    assertThat(health.getJsonObject("model_problems")).isEmpty();
    assertThat(health.getJsonObject("snapshot").getJsonObject("tables").keySet())
        .contains("gold.books", "gold.similar_books", "silver.book_history");

    Api.Reply ready = api.get("/api/v1/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getString("status")).isEqualTo("READY");
  }

  @Test
  void etagRevalidationAnswers304() {
    for (String uri :
        List.of(
            "/api/v1/books/7",
            "/api/v1/books?page=3",
            "/api/v1/stats/categories",
            "/api/v1/books/search?title=light",
            "/api/v1/ml/training-data?format=csv")) {
      Api.Reply first = api.get(uri);
      String etag = first.header("ETag");
      assertThat(etag).as(uri).startsWith("\"");

      Api.Reply again = api.get(uri, "If-None-Match", etag);
      assertThat(again.status()).as(uri).isEqualTo(304);
      assertThat(again.bytes()).isEmpty();
      assertThat(api.get(uri, "If-None-Match", "\"other\"").status()).as(uri).isEqualTo(200);
    }
    assertThat(api.get("/api/v1/books/7").header("ETag"))
        .isNotEqualTo(api.get("/api/v1/books/8").header("ETag"));
  }
}
