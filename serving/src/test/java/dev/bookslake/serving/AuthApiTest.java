package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.serving.auth.PasswordHasher;
import dev.bookslake.serving.auth.Tokens;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Login, refresh, and protected routes refusing missing, expired and tampered tokens. */
@ServerTest
class AuthApiTest {
  private static final String SECRET = "auth-test-secret-0123456789abcdef0123";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(
                  TestLakes.shared(),
                  Map.of(
                      "auth.jwt-secret",
                      SECRET,
                      "auth.users",
                      PasswordHasher.line(
                          "alice", PASSWORD.toCharArray(), PasswordHasher.MIN_ITERATIONS))),
              false)
          .start();
  private final Api api;

  AuthApiTest(WebServer server) {
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
  void loginThenUseThenRefresh() {
    // log in
    JsonObject tokens = login("alice", PASSWORD).json();
    assertThat(tokens.getString("token_type")).isEqualTo("Bearer");
    assertThat(tokens.getInt("expires_in")).isEqualTo(900);
    String access = tokens.getString("access_token");

    // a protected route accepts the access token (the job does not exist: 404, past auth)
    api.get("/api/v1/scraping/jobs/unknown", "Authorization", "Bearer " + access)
        .assertProblem(404, "job: unknown");

    // refresh gives a new working pair
    JsonObject refreshed =
        api.post(
                "/api/v1/auth/refresh",
                "{\"refresh_token\": \"" + tokens.getString("refresh_token") + "\"}")
            .json();
    api.get(
            "/api/v1/scraping/jobs/unknown",
            "Authorization",
            "Bearer " + refreshed.getString("access_token"))
        .assertProblem(404, "job: unknown");
  }

  @Test
  void wrongPasswordAndUnknownUserAre401() {
    assertUnauthorized(login("alice", "wrong"), "wrong username or password");
    assertUnauthorized(login("mallory", PASSWORD), "wrong username or password");
  }

  @Test
  void unknownBodyFieldsAreRefusedNamingThem() {
    // The document says additionalProperties: false; a typo must not pass unnoticed.
    api.post(
            "/api/v1/auth/login",
            "{\"username\": \"alice\", \"password\": \"" + PASSWORD + "\", \"remember\": true}")
        .assertProblem(400, "remember");
    api.post("/api/v1/auth/refresh", "{\"refresh_token\": \"x\", \"refresh\": \"y\"}")
        .assertProblem(400, "refresh");
  }

  @Test
  void protectedRoutesWithoutTokenAre401() {
    assertUnauthorized(api.post("/api/v1/scraping/trigger", ""), "without a bearer token");
    assertUnauthorized(api.get("/api/v1/scraping/jobs/x"), "without a bearer token");
    assertUnauthorized(
        api.get("/api/v1/scraping/jobs/x", "Authorization", "Basic YWxpY2U6eA=="), "bearer token");
    assertUnauthorized(
        api.get("/api/v1/scraping/jobs/x", "Authorization", "Bearer not.a.jwt"),
        "Cannot accept token");
  }

  @Test
  void expiredTokenIs401() {
    Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    Tokens past =
        new Tokens(
            SECRET.getBytes(StandardCharsets.UTF_8),
            "bookslake",
            "bookslake-api",
            Duration.ofMinutes(15),
            Duration.ofMinutes(30),
            twoHoursAgo);
    Tokens.Issued issued = past.issue("alice");

    assertUnauthorized(
        api.get("/api/v1/scraping/jobs/x", "Authorization", "Bearer " + issued.accessToken()),
        "Expired JWT");
    assertUnauthorized(
        api.post("/api/v1/auth/refresh", "{\"refresh_token\": \"" + issued.refreshToken() + "\"}"),
        "Expired JWT");
  }

  @Test
  void tamperedOrForeignTokensAre401() {
    String access = login("alice", PASSWORD).json().getString("access_token");
    String[] parts = access.split("\\.");
    // flip the subject in the payload but keep the old signature
    String payload =
        new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"alice\"", "\"admin\"");
    String tampered =
        parts[0]
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertUnauthorized(
        api.get("/api/v1/scraping/jobs/x", "Authorization", "Bearer " + tampered), "bad signature");

    Tokens other =
        new Tokens(
            "another-secret-0123456789abcdef01234".getBytes(StandardCharsets.UTF_8),
            "bookslake",
            "bookslake-api",
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Clock.systemUTC());
    assertUnauthorized(
        api.get(
            "/api/v1/scraping/jobs/x",
            "Authorization",
            "Bearer " + other.issue("alice").accessToken()),
        "bad signature");

    Tokens wrongAudience =
        new Tokens(
            SECRET.getBytes(StandardCharsets.UTF_8),
            "bookslake",
            "someone-else",
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Clock.systemUTC());
    assertUnauthorized(
        api.get(
            "/api/v1/scraping/jobs/x",
            "Authorization",
            "Bearer " + wrongAudience.issue("alice").accessToken()),
        "aud claim rejected");
  }

  @Test
  void refreshTokenIsNotAnAccessTokenNorTheOtherWayRound() {
    JsonObject tokens = login("alice", PASSWORD).json();
    assertUnauthorized(
        api.get(
            "/api/v1/scraping/jobs/x",
            "Authorization",
            "Bearer " + tokens.getString("refresh_token")),
        "Cannot accept token");
    assertUnauthorized(
        api.post(
            "/api/v1/auth/refresh",
            "{\"refresh_token\": \"" + tokens.getString("access_token") + "\"}"),
        "Cannot accept token");
  }

  @Test
  void refreshTokensRotateAndAReusedOneIsRefused() {
    String first = login("alice", PASSWORD).json().getString("refresh_token");
    Api.Reply rotated = refresh(first);
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String second = rotated.json().getString("refresh_token");
    assertThat(second).isNotEqualTo(first);

    // The first token again: a stolen copy being replayed. Refused, and the session with it.
    assertUnauthorized(refresh(first), "already used");
    assertUnauthorized(refresh(second), "Cannot refresh");
  }

  @Test
  void theRefreshTokenIsAcceptedAsABearerTokenOnTheRefreshRoute() {
    String refreshToken = login("alice", PASSWORD).json().getString("refresh_token");
    Api.Reply r = api.post("/api/v1/auth/refresh", "", "Authorization", "Bearer " + refreshToken);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().getString("access_token")).isNotBlank();
  }

  @Test
  void aValidlySignedRefreshTokenOfAnUnknownUserIsRefused() {
    Tokens tokens =
        new Tokens(
            SECRET.getBytes(StandardCharsets.UTF_8),
            "bookslake",
            "bookslake-api",
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Clock.systemUTC());
    assertUnauthorized(refresh(tokens.issue("mallory").refreshToken()), "Cannot refresh");
  }

  @Test
  void onlyAdminsPromoteModelsOrTriggerRuns() {
    String access = "Bearer " + login("alice", PASSWORD).json().getString("access_token");
    Api.Reply promote =
        api.post("/api/v1/ml/models/rating/aliases/rollback", "", "Authorization", access);
    promote.assertProblem(403, "admin");
    api.post("/api/v1/scraping/trigger", "", "Authorization", access).assertProblem(403, "admin");
    // reading a job needs a user, not an admin
    api.get("/api/v1/scraping/jobs/unknown", "Authorization", access)
        .assertProblem(404, "job: unknown");
  }

  private Api.Reply refresh(String refreshToken) {
    return api.post("/api/v1/auth/refresh", "{\"refresh_token\": \"" + refreshToken + "\"}");
  }

  private Api.Reply login(String user, String password) {
    return api.post(
        "/api/v1/auth/login",
        "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}",
        "Content-Type",
        "application/json");
  }

  private static void assertUnauthorized(Api.Reply reply, String detail) {
    reply.assertProblem(401, detail);
    assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
  }
}
