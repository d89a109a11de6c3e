package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every error is an RFC 9457 problem naming what was wrong; no input produces a 500. */
@ServerTest
class ErrorsTest {
  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(
                  TestLakes.shared(),
                  Map.of("auth.jwt-secret", "errors-test-secret-of-at-least-32-bytes")),
              false)
          .start();
  private final Api api;

  ErrorsTest(WebServer server) {
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

  @ParameterizedTest(name = "{0} -> 400 naming {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/v1/books?page=0                               | page=0",
        "/api/v1/books?page=abc                             | page=abc",
        "/api/v1/books?size=101                             | size=101",
        "/api/v1/books?size=-1                              | size=-1",
        "/api/v1/books?sort=colour                          | unknown sort field 'colour'",
        "/api/v1/books?sort=-price,,title                   | unknown sort field ''",
        "/api/v1/books?page=1&page=2                        | page=1,2",
        "/api/v1/books?pgae=2                               | pgae=2: unknown parameter",
        "/api/v1/books/search?min_price=abc                 | min_price=abc",
        "/api/v1/books/search?max_price=-3                  | max_price=-3",
        "/api/v1/books/search?min_rating=6                  | min_rating=6",
        "/api/v1/books/search?in_stock=maybe                | in_stock=maybe",
        "/api/v1/books/search?title=                        | title=",
        "/api/v1/books/price-range?min=1e999999999          | min=1e999999999",
        "/api/v1/books/top-rated?limit=0                    | limit=0",
        "/api/v1/ml/features?format=xml                     | format=xml",
        "/api/v1/ml/training-data?size=5000                 | size=5000",
        "/api/v1/ml/features?format=csv&size=-4             | size=-4",
        "/api/v1/ml/recommendations/1?limit=11              | limit=11",
        "/api/v1/openapi?format=toml                        | format=toml",
        "/api/v1/categories/Poetry/books?sort=x             | unknown sort field 'x'",
      })
  void badParametersAre400NamingTheField(String uri, String mentions) {
    JsonObject p = api.get(uri.strip()).assertProblem(400, mentions.strip());
    assertThat(p.getString("field")).isNotBlank();
  }

  @ParameterizedTest(name = "{0} -> 404")
  @CsvSource({
    "/api/v1/books/999999, book: 999999",
    "/api/v1/books/ffffffffffffffff, book: ffffffffffffffff",
    "/api/v1/books/not-a-book/history, book: not-a-book",
    "/api/v1/ml/recommendations/424242, book: 424242",
    "/api/v1/categories/Cookery/books, category: Cookery",
    "/api/v1/docs/nothing.js, documentation asset: nothing.js",
    "/api/v1/nothing, /api/v1/nothing",
    "/elsewhere, /elsewhere",
  })
  void unknownIdsAndRoutesAre404(String uri, String mentions) {
    api.get(uri).assertProblem(404, mentions);
  }

  @Test
  void wrongMethodIs405WithAllow() {
    Api.Reply r = api.send("DELETE", "/api/v1/books/7", null);
    r.assertProblem(405, "DELETE");
    assertThat(r.header("Allow")).isEqualTo("GET");
    Api.Reply post = api.post("/api/v1/books", "{}", "Content-Type", "application/json");
    post.assertProblem(405, "POST /api/v1/books");
    assertThat(api.get("/api/v1/auth/login").header("Allow")).isEqualTo("POST");
  }

  @Test
  void malformedJsonIs400() {
    api.post("/api/v1/auth/login", "{\"username\": ", "Content-Type", "application/json")
        .assertProblem(400, "Cannot parse request body as JSON");
    api.post("/api/v1/auth/login", "[1, 2]", "Content-Type", "application/json")
        .assertProblem(400, "expected a JSON object");
    api.post(
            "/api/v1/auth/login",
            "{\"username\": 5, \"password\": \"x\"}",
            "Content-Type",
            "application/json")
        .assertProblem(400, "username=5");
    api.post("/api/v1/auth/login", "{\"username\": \"a\"}", "Content-Type", "application/json")
        .assertProblem(400, "password");
  }

  @Test
  void bodyOverOneMebibyteIs413() {
    String big = "{\"username\": \"" + "a".repeat(1024 * 1024) + "\"}";
    api.post("/api/v1/auth/login", big, "Content-Type", "application/json")
        .assertProblem(413, "1048576 bytes");
  }
}
