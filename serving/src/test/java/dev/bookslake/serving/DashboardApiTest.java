package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files (its own and ECharts from the WebJar) with their CSP and ETags, and the
 * catalogue aggregates route over the shared test lake. The pages themselves run in DashboardIT.
 */
@ServerTest
class DashboardApiTest {
  private static final Components COMPONENTS =
      Components.create(TestLakes.config(TestLakes.shared(), Map.of()), false).start();
  private final Api api;

  DashboardApiTest(WebServer server) {
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
  void pageAndEchartsAreServedFromTheClasspath() {
    Api.Reply page = api.get("/dashboard");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(page.body()).contains("/dashboard/echarts.min.js").doesNotContain("https://");
    Api.Reply echarts = api.get("/dashboard/echarts.min.js");
    assertThat(echarts.status()).isEqualTo(200);
    assertThat(echarts.contentType()).startsWith("text/javascript");
    assertThat(echarts.bytes().length).isGreaterThan(500_000);
    assertThat(api.get("/dashboard/app.js").body()).contains("import");
    assertThat(api.get("/api/v1/docs").body()).contains("href=\"/dashboard\"");

    String etag = echarts.header("ETag");
    assertThat(api.get("/dashboard/echarts.min.js", "If-None-Match", etag).status()).isEqualTo(304);
    api.get("/dashboard/nope.js").assertProblem(404, "dashboard asset: nope.js");
    api.get("/dashboard/..%2Fdocs%2Findex.html").assertProblem(404, "index.html");
  }

  @Test
  void catalogueAggregatesCountEveryBookOnce() {
    JsonObject all = api.get("/api/v1/dashboard/catalogue").json();
    assertThat(all.getInt("books")).isEqualTo(TestLakes.BOOKS);
    assertThat(all.isNull("category")).isTrue();
    assertThat(sum(all, "price_histogram")).isEqualTo(TestLakes.BOOKS);
    assertThat(sum(all, "stock_histogram")).isEqualTo(TestLakes.BOOKS);
    assertThat(sum(all, "ratings")).isEqualTo(TestLakes.BOOKS);
    assertThat(sum(all, "categories")).isEqualTo(TestLakes.BOOKS);
    assertThat(all.getJsonArray("price_histogram").size()).isBetween(1, 12);

    JsonObject first = all.getJsonArray("categories").getJsonObject(0);
    String name = first.getString("category");
    JsonObject one =
        api.get(
                "/api/v1/dashboard/catalogue?category="
                    + java.net.URLEncoder.encode(
                            name.toUpperCase(java.util.Locale.ROOT),
                            java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20"))
            .json();
    assertThat(one.getString("category")).isEqualTo(name);
    assertThat(one.getInt("books")).isEqualTo(first.getInt("books"));
    assertThat(sum(one, "price_histogram")).isEqualTo(first.getInt("books"));
    api.get("/api/v1/dashboard/catalogue?category=Nope")
        .assertProblem(404, "Cannot find category: Nope");
    api.get("/api/v1/dashboard/catalogue?colour=red").assertProblem(400, "colour");
  }

  private static int sum(JsonObject o, String array) {
    return o.getJsonArray(array).stream()
        .map(JsonValue::asJsonObject)
        .mapToInt(b -> b.getInt("books"))
        .sum();
  }
}
