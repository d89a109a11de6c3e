package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The per-client token bucket answers 429 with Retry-After once the burst is spent. */
@ServerTest
class RateLimitTest {
  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(
                  TestLakes.shared(),
                  Map.of("rate-limit.capacity", "3", "rate-limit.refill-per-second", "0.1")),
              false)
          .start();
  private final Api api;

  RateLimitTest(WebServer server) {
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
  void burstThenTooManyRequests() {
    for (int i = 0; i < 3; i++) {
      assertThat(api.get("/api/v1/books/1").status()).isEqualTo(200);
    }
    Api.Reply limited = api.get("/api/v1/books/1");
    limited.assertProblem(429, "127.0.0.1");
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 10);

    // probes and metrics are never limited
    assertThat(api.get("/api/v1/health").status()).isEqualTo(200);
    assertThat(api.get("/api/v1/metrics").body()).contains("bookslake_rate_limited_total 1");
    // the dashboard's JSON summary is an ordinary route: limited
    api.get("/api/v1/metrics/routes").assertProblem(429, "127.0.0.1");
  }
}
