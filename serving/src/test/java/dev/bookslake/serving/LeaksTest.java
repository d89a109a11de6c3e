package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.pipelines.testing.GoldFixture;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Server-side failures answer without internal paths or exception text: the log has them. */
@ServerTest
class LeaksTest {
  private static final String SECRET = "leaks-test-secret-0123456789abcdef0123";
  private static final Path LAKE = lake();
  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(
                  LAKE,
                  Map.of(
                      "auth.jwt-secret",
                      SECRET,
                      "ml.external-predictions.dir",
                      "blocked/external")),
              false)
          .start();
  private final Api api;

  LeaksTest(WebServer server) {
    this.api = new Api(server);
  }

  private static Path lake() {
    Path lake = TestLakes.newFolder("leaks");
    GoldFixture.write(Lake.at(lake), 20, List.of(TestLakes.DAY_1));
    try {
      // A file where the external predictions folder should be: every store fails.
      Files.writeString(lake.resolve("blocked"), "not a folder");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
  void aStoreFailureIsA503WithoutPaths() {
    Api.Reply r =
        api.post(
            "/api/v1/ml/predictions",
            "[{\"id\": \"1\", \"predicted_rating\": 4}]",
            "Authorization",
            Api.bearer(SECRET, "alice"));
    r.assertProblem(503, "Cannot store external predictions");
    assertThat(r.body())
        .doesNotContain(LAKE.toString())
        .doesNotContain("blocked")
        .doesNotContain("Exception");
    assertThat(api.get("/api/v1/health").body()).doesNotContain(LAKE.toString());
  }
}
