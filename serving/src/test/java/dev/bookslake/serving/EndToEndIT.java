package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.pipelines.datapath.DataPath;
import dev.bookslake.sandbox.Catalogue;
import dev.bookslake.sandbox.SandboxBook;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The product end to end: the sandbox bookshop, the real data path (scrape → clean → features on
 * the DirectRunner) into a fresh lake, and the API over it — the served values are the sandbox's. A
 * second day is then published and the running server follows it.
 */
@ServerTest
class EndToEndIT {
  private static final Path LAKE = TestLakes.newFolder("e2e");
  private static final int BOOKS = 150;
  private static final int PORT = freePort();
  private static final SandboxConfig SANDBOX =
      SandboxConfig.builder().books(BOOKS).port(PORT).build();
  private static Components components;
  private final Api api;

  EndToEndIT(WebServer server) {
    this.api = new Api(server);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void runDataPath(int day, String runDate) {
    try (SandboxServer sandbox = SandboxServer.start(SANDBOX.toBuilder().day(day).build())) {
      DataPath.Options options =
          PipelineOptionsFactory.fromArgs(
                  "--source=" + sandbox.baseUri(),
                  "--lake=" + LAKE,
                  "--runDate=" + runDate,
                  "--retryBaseMs=10",
                  "--progressSeconds=60")
              .withValidation()
              .as(DataPath.Options.class);
      DataPath.run(options);
    }
  }

  @SetUpServer
  static void server(WebServerConfig.Builder server) {
    Main.server(server);
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    runDataPath(0, "2026-01-01");
    components = Components.create(TestLakes.config(LAKE, Map.of()), false).start();
    Main.routing(routing, components);
  }

  @AfterAll
  static void close() {
    components.close();
  }

  @Test
  void servesWhatTheSandboxServedThenFollowsTheNextDay() throws Exception {
    Catalogue catalogue = new Catalogue(BOOKS, SANDBOX.seed(), SANDBOX.malformed());

    JsonObject page = api.get("/api/v1/books?page=1&size=100").json();
    assertThat(page.getInt("total")).isEqualTo(BOOKS);
    assertThat(api.get("/api/v1/health").json().getString("snapshot_dt")).isEqualTo("2026-01-01");

    for (int id : new int[] {1, 42, BOOKS}) {
      SandboxBook expected = catalogue.book(id, 0);
      JsonObject book = api.get("/api/v1/books/" + id).json();
      assertThat(book.getString("upc")).isEqualTo(expected.upc());
      assertThat(book.getString("title")).isEqualTo(expected.title());
      assertThat(book.getString("category")).isEqualTo(expected.category());
      assertThat(book.getJsonNumber("price_incl_tax").bigDecimalValue())
          .isEqualByComparingTo(expected.priceInclTax());
      assertThat(book.getInt("rating")).isEqualTo(expected.rating());
      assertThat(book.getInt("stock_count")).isEqualTo(expected.stockCount());
      assertThat(api.get("/api/v1/books/" + expected.upc()).json().getInt("id")).isEqualTo(id);
    }

    JsonArray categories = api.get("/api/v1/stats/categories").json().getJsonArray("items");
    assertThat(categories.stream().mapToInt(c -> c.asJsonObject().getInt("books")).sum())
        .isEqualTo(BOOKS);

    JsonArray neighbours =
        api.get("/api/v1/ml/recommendations/42?limit=5").json().getJsonArray("items");
    assertThat(neighbours).hasSize(5);
    assertThat(neighbours).noneMatch(n -> n.asJsonObject().getInt("id") == 42);

    // day 1: a few prices and stock counts change; the running server follows without a restart
    Set<Integer> changed = catalogue.changedBetween(0, 1);
    assertThat(changed).isNotEmpty();
    runDataPath(1, "2026-01-02");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!"2026-01-02".equals(api.get("/api/v1/ready").header("X-Bookslake-Snapshot"))) {
      assertThat(Instant.now()).as("server follows the new snapshot").isBefore(deadline);
      Thread.sleep(100);
    }
    int id = changed.iterator().next();
    SandboxBook now = catalogue.book(id, 1);
    assertThat(api.get("/api/v1/books/" + id).json().getInt("stock_count"))
        .isEqualTo(now.stockCount());
    JsonArray history = api.get("/api/v1/books/" + id + "/history").json().getJsonArray("items");
    assertThat(history).as("a closed interval and the current one").hasSize(2);
    assertThat(history.stream().filter(h -> h.asJsonObject().getBoolean("is_current")).count())
        .isEqualTo(1);
    assertThat(
            history.stream()
                .map(JsonValue::asJsonObject)
                .filter(h -> h.getBoolean("is_current"))
                .map(h -> h.getJsonNumber("price_incl_tax").bigDecimalValue())
                .findFirst()
                .orElseThrow())
        .isEqualByComparingTo(now.priceInclTax() == null ? BigDecimal.ZERO : now.priceInclTax());
  }
}
