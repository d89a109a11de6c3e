package dev.bookslake.serving.auth;

import dev.bookslake.serving.http.Bodies;
import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.RequestFilter;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.problem.ProblemException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Login and token refresh: a username and password (checked against PBKDF2 hashes) give an access
 * token and a refresh token; a refresh token gives a new pair, once (see {@link Authenticator}).
 * Login attempts are limited per client and per username and password checks are bounded ({@link
 * LoginGuard}); a failed login is logged with the username's fingerprint, never the username
 * itself. The refresh token may come in the body or, as Flask-JWT-Extended clients send it, as
 * {@code Authorization: Bearer}.
 *
 * <pre>
 * curl -X POST http://127.0.0.1:8080/api/v1/auth/login -H 'Content-Type: application/json' \
 *      -d '{"username": "alice", "password": "..."}'
 * curl -X POST http://127.0.0.1:8080/api/v1/auth/refresh -H 'Content-Type: application/json' \
 *      -d '{"refresh_token": "eyJ..."}'
 * curl -X POST http://127.0.0.1:8080/api/v1/auth/refresh -H 'Authorization: Bearer eyJ...'
 * </pre>
 */
public final class AuthService implements HttpService {
  /** The root path of the service. */
  public static final String PATH = "/api/v1/auth";

  private static final System.Logger LOG = System.getLogger(AuthService.class.getName());

  private final RouteTable routes;
  private final Authenticator auth;

  public AuthService(RouteTable routes, Authenticator auth) {
    this.routes = routes;
    this.auth = auth;
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).post("/login", this::login).post("/refresh", this::refresh);
  }

  private void login(ServerRequest req, ServerResponse res) {
    Params.of(req);
    Responses.uncachedJson(res, login(Bodies.jsonObject(req), RequestFilter.client(req)));
  }

  private void refresh(ServerRequest req, ServerResponse res) {
    Params.of(req);
    Responses.uncachedJson(res, refresh(Bodies.jsonObject(req), Authenticator.bearer(req)));
  }

  /**
   * Checks a username and password and issues tokens: 401 when wrong, 429 over a limit, 503 when
   * hashing is full.
   */
  byte[] login(JsonObject body, String client) {
    auth.tokens();
    Bodies.onlyFields(body, "username", "password");
    String username = Bodies.requiredString(body, "username");
    char[] password = Bodies.requiredString(body, "password").toCharArray();
    try {
      auth.guard().beforeAttempt(client, username);
      // PBKDF2 is ~100 ms of a core: run on the bound's own threads, never on a request's carrier.
      boolean verified = auth.hashing().call(() -> auth.users().verify(username, password));
      if (!verified) {
        auth.guard().failed(username);
        // The fingerprint lets an operator see repeated attempts on one name; the name itself
        // may be a password typed into the wrong field.
        LOG.log(
            Level.WARNING,
            "Login failed for user {0} from client {1}",
            LoginGuard.fingerprint(username),
            client);
        throw ProblemException.unauthorized("Cannot log in: wrong username or password");
      }
    } finally {
      PasswordHasher.wipe(password);
    }
    return toJson(auth.login(username));
  }

  /**
   * Exchanges a session's current refresh token (body, else bearer header) for a new pair, or 401.
   */
  byte[] refresh(JsonObject body, Optional<String> bearer) {
    auth.tokens();
    Bodies.onlyFields(body, "refresh_token");
    Optional<String> fromBody = Bodies.string(body, "refresh_token");
    String token =
        fromBody.or(() -> bearer).orElseThrow(() -> ProblemException.missingField("refresh_token"));
    if (token.isEmpty()) {
      throw ProblemException.invalidParameter("refresh_token", token, "must not be empty");
    }
    return toJson(auth.refresh(token));
  }

  private static byte[] toJson(Tokens.Issued issued) {
    return new JsonOut(1024)
        .beginObject()
        .name("access_token")
        .value(issued.accessToken())
        .name("refresh_token")
        .value(issued.refreshToken())
        .name("token_type")
        .value("Bearer")
        .name("expires_in")
        .value(issued.expiresIn())
        .name("refresh_expires_in")
        .value(issued.refreshExpiresIn())
        .endObject()
        .toBytes();
  }
}
