package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.serving.auth.AuthService;
import dev.bookslake.serving.auth.PasswordHasher;
import dev.bookslake.serving.http.Bulkhead;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Routes are isolated under load: predictions run under a bound and are shed with 503 and
 * Retry-After when it is full, while /health and the book routes keep answering; login has its own
 * limits per client and per username and a bound on concurrent password hashing.
 */
@ServerTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverloadTest {
  private static final String SECRET = "overload-test-secret-0123456789abcdef";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(
                  TestLakes.shared(),
                  Map.ofEntries(
                      Map.entry("auth.jwt-secret", SECRET),
                      Map.entry(
                          "auth.users",
                          PasswordHasher.line(
                                  "alice", PASSWORD.toCharArray(), PasswordHasher.MIN_ITERATIONS)
                              + ","
                              + PasswordHasher.line(
                                  "bob", PASSWORD.toCharArray(), PasswordHasher.MIN_ITERATIONS)),
                      Map.entry("ml.predict.max-concurrent", "1"),
                      Map.entry("ml.predict.wait", "PT0S"),
                      Map.entry("auth.login.per-client.capacity", "12"),
                      Map.entry("auth.login.per-client.refill-per-second", "0.001"),
                      Map.entry("auth.login.per-username.capacity", "2"),
                      Map.entry("auth.login.per-username.refill-per-second", "0.001"),
                      Map.entry("auth.login.max-concurrent-hashes", "1"),
                      Map.entry("auth.login.hash-wait", "PT0S"))),
              false)
          .start();
  private final Api api;

  OverloadTest(WebServer server) {
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
  void aFullPredictionBoundIsA503WithRetryAfterWhileOtherRoutesServe() {
    try (Bulkhead.Permit held = COMPONENTS.predictions().bound().enter()) {
      Api.Reply shed = api.post("/api/v1/ml/predict", "{\"books\": []}");
      shed.assertProblem(503, "Cannot predict now");
      assertThat(shed.json().getString("type")).isEqualTo("urn:bookslake:problem:overloaded");
      assertThat(shed.header("Retry-After")).isEqualTo("1");
      assertThat(api.get("/api/v1/health").status()).isEqualTo(200);
      assertThat(api.get("/api/v1/books/1").status()).isEqualTo(200);
    }
    api.post("/api/v1/ml/predict", "{\"books\": []}").assertProblem(400, "empty batch");
    assertThat(api.get("/api/v1/metrics").body())
        .contains("bookslake_shed_total{bound=\"predict\"} 1");
  }

  @Test
  void aFloodOfBatchesIsShedNotQueued() throws Exception {
    StringBuilder books = new StringBuilder("{\"books\": [");
    for (int i = 0; i < 1000; i++) {
      books
          .append(i == 0 ? "" : ",")
          .append("{\"price_excl_tax\": 45.17, \"review_count\": 3, \"stock_count\": 19, ")
          .append("\"in_stock\": true, \"description_length\": 740, \"title_word_count\": 3, ")
          .append("\"days_since_first_seen\": 12, \"category\": \"Travel\"}");
    }
    String body = books.append("]}").toString();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Api.Reply>> replies = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(24)) {
      for (int i = 0; i < 24; i++) {
        replies.add(
            pool.submit(
                () -> {
                  start.await();
                  return api.post("/api/v1/ml/predict", body);
                }));
      }
      start.countDown();
      List<Api.Reply> shed = new ArrayList<>();
      for (Future<Api.Reply> f : replies) {
        Api.Reply r = f.get();
        if (r.status() == 503 && r.body().contains("urn:bookslake:problem:overloaded")) {
          shed.add(r);
        }
      }
      assertThat(shed)
          .as("requests shed while one batch held the only permit")
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.header("Retry-After")).isEqualTo("1"));
    }
  }

  @Test
  void loginIsLimitedPerUsernameAfterFailures() {
    assertThat(login("bob", "wrong").status()).isEqualTo(401);
    assertThat(login("bob", "wrong").status()).isEqualTo(401);
    Api.Reply limited = login("bob", PASSWORD);
    limited.assertProblem(429, "too many failed logins");
    assertThat(limited.header("Retry-After")).isNotBlank();
    assertThat(login("alice", PASSWORD).status()).as("another user is not affected").isEqualTo(200);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void loginIsLimitedPerClient() {
    // Twelve attempts per client, shared by every test of this class (so this one runs last);
    // a new name each time, so the per-username limit does not trip first.
    Api.Reply limited = login("carol0", "x");
    for (int i = 1; i <= 12 && limited.status() != 429; i++) {
      limited = login("carol" + i, "x");
    }
    limited.assertProblem(429, "Cannot log in from client 127.0.0.1 now");
    assertThat(limited.header("Retry-After")).isNotBlank();
  }

  @Test
  void passwordHashingIsBoundedAndFailedLoginsAreLoggedWithoutTheUsername() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
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
    Logger log = Logger.getLogger(AuthService.class.getName());
    log.addHandler(capture);
    try {
      try (Bulkhead.Permit held = COMPONENTS.auth().hashing().enter()) {
        Api.Reply busy = login("dave", "hunter2-typed-into-the-username");
        busy.assertProblem(503, "Cannot check a password now");
        assertThat(busy.header("Retry-After")).isNotBlank();
      }
      assertThat(login("hunter2-typed-into-the-username", "x").status()).isEqualTo(401);
    } finally {
      log.removeHandler(capture);
    }
    assertThat(lines)
        .anyMatch(l -> l.contains("Login failed"))
        .noneMatch(l -> l.contains("hunter2"));
  }

  private Api.Reply login(String user, String password) {
    return api.post(
        "/api/v1/auth/login",
        "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}",
        "Content-Type",
        "application/json");
  }
}
