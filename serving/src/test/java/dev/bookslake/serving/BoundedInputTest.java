package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.serving.http.RequestFilter;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client input never costs more than its own size: extreme decimals are refused, client text is
 * quoted short in bodies and logs, equivalent spellings of a query share one cached response, the
 * cache stays within its byte budget, and metric labels never carry client text.
 */
@ServerTest
class BoundedInputTest {
  /** The most a problem body may grow for client input of any size. */
  private static final int SHORT = 2048;

  private static final long CACHE_BYTES = 400_000;
  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(
                  TestLakes.shared(),
                  Map.of(
                      "cache.max-bytes",
                      Long.toString(CACHE_BYTES),
                      "auth.jwt-secret",
                      "bounded-input-test-secret-0123456789ab")),
              false)
          .start();
  private final Api api;

  BoundedInputTest(WebServer server) {
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
  void extremeDecimalsInTheQueryAreAShort400() {
    // The 78-byte request of the report: it streamed a 300 MB error body.
    Api.Reply r = api.get("/api/v1/books/search?min_price=2e-99999999&max_price=1e-99999999");
    r.assertProblem(400, "min_price=2e-99999999");
    assertThat(r.bytes().length).isLessThan(SHORT);
    api.get("/api/v1/books/price-range?min=1e-99999999").assertProblem(400, "min=1e-99999999");
    api.get("/api/v1/books/price-range?max=1e-401").assertProblem(400, "max=1e-401");
  }

  @Test
  void decimalsWithTrailingZerosOrExponentsStillWork() {
    // Any double a client's encoder spells (the document says number, from 0 below 1e12) is taken.
    for (String uri :
        List.of(
            "/api/v1/books/price-range?min=10.000000000000&max=2E%2B1",
            "/api/v1/books/price-range?max=0.0005174778193637662",
            "/api/v1/books/search?min_price=5e-324",
            "/api/v1/books/search?max_price=999999999999.9999",
            "/api/v1/books/search?min_price=0E-99999999")) {
      Api.Reply r = api.get(uri);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/api/v1/books?sort=",
        "/api/v1/books/search?title=a&sort=",
        "/api/v1/books?",
        "/api/v1/books/",
        "/api/v1/categories/",
        "/api/v1/books/search?min_price=",
      })
  void longClientTextIsQuotedShort(String prefix) {
    Api.Reply r = api.get(prefix + "x".repeat(3000));
    assertThat(r.status()).as(r.body()).isBetween(400, 404);
    assertThat(r.bytes().length).as(r.body()).isLessThan(SHORT);
    assertThat(r.json().getString("detail")).contains("xxxx").contains("more characters");
  }

  @Test
  void longJsonBodyTextIsQuotedShort() {
    Api.Reply r =
        api.post(
            "/api/v1/auth/login",
            "{\"username\": [\"" + "y".repeat(100_000) + "\"], \"password\": \"p\"}",
            "Content-Type",
            "application/json");
    assertThat(r.bytes().length).as(r.body()).isLessThan(SHORT);
  }

  @ParameterizedTest(name = "sort={0}")
  @ValueSource(
      strings = {
        "price,price",
        "id,-id",
        "-rating,title,+rating",
        "title,price,rating,reviews,stock"
      })
  void sortsWithRepeatedOrTooManyFieldsAre400(String sort) {
    api.get("/api/v1/books?sort=" + sort).assertProblem(400, "sort=");
  }

  @Test
  void equivalentSpellingsShareOneCachedResponseAndETag() {
    Api.Reply canonical = api.get("/api/v1/books?page=2&size=100&sort=-price");
    assertThat(canonical.status()).isEqualTo(200);
    for (String spelling :
        List.of(
            "/api/v1/books?size=0100&sort=-price&page=02",
            "/api/v1/books?sort=-price&page=2&size=100",
            "/api/v1/books?sort=%2D%70rice&size=100&page=2")) {
      Api.Reply other = api.get(spelling);
      assertThat(other.header("ETag")).as(spelling).isEqualTo(canonical.header("ETag"));
      assertThat(other.header("Link")).as(spelling).isEqualTo(canonical.header("Link"));
      assertThat(other.bytes()).as(spelling).isEqualTo(canonical.bytes());
    }
  }

  @Test
  void theResponseCacheStaysWithinItsByteBudgetAndKeepsNoMisses() {
    for (int page = 1; page <= 2; page++) {
      for (String sort :
          List.of("id", "-id", "title", "-title", "price", "-price", "rating", "-rating")) {
        assertThat(api.get("/api/v1/books?size=100&page=" + page + "&sort=" + sort).status())
            .isEqualTo(200);
      }
    }
    COMPONENTS.responseCache().cleanUp();
    assertThat(COMPONENTS.responseCache().weightedBytes())
        .isPositive()
        .isLessThanOrEqualTo(CACHE_BYTES);

    long before = COMPONENTS.responseCache().entries();
    api.get("/api/v1/categories/NoSuchCategory/books").assertProblem(404, "NoSuchCategory");
    api.get("/api/v1/books?size=500").assertProblem(400, "size=500");
    COMPONENTS.responseCache().cleanUp();
    assertThat(COMPONENTS.responseCache().entries()).isLessThanOrEqualTo(before);
  }

  @Test
  void metricLabelsNeverCarryClientText() {
    api.send("BOGUSMETHODNAME", "/api/v1/books/1", null);
    api.get("/api/v1/no/such/route/clienttextinpath");
    String metrics = api.get("/api/v1/metrics").body();
    assertThat(metrics)
        .doesNotContain("BOGUSMETHODNAME")
        .doesNotContain("clienttextinpath")
        .contains("method=\"other\"");
  }

  @Test
  void accessLogLinesAreBounded() {
    List<String> lines = new CopyOnWriteArrayList<>();
    Logger access = Logger.getLogger(RequestFilter.ACCESS_LOG);
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    access.addHandler(capture);
    try {
      api.get("/api/v1/books?title=" + "z".repeat(3000));
      // The line is written once the response is sent, a moment after the client has it.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (lines.stream().noneMatch(l -> l.contains("zzz")) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    } finally {
      access.removeHandler(capture);
    }
    assertThat(lines)
        .anyMatch(l -> l.contains("zzz"))
        .allSatisfy(l -> assertThat(l.length()).isLessThan(1000));
  }

  @Test
  void unknownJsonFieldsAreQuotedShort() {
    Api.Reply r =
        api.post(
            "/api/v1/ml/predict",
            "{\"" + "k".repeat(50_000) + "\": 1}",
            "Content-Type",
            "application/json");
    assertThat(r.status()).isBetween(400, 503);
    assertThat(r.bytes().length).as(r.body()).isLessThan(SHORT);
    JsonObject p = r.json();
    assertThat(p.getString("type")).startsWith("urn:bookslake:problem:");
  }
}
