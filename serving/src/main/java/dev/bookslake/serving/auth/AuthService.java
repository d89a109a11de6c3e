package dev.bookslake.serving.auth;

import dev.bookslake.serving.http.Bodies;
import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.problem.ProblemException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import java.lang.System.Logger.Level;

/**
 * Login and token refresh: a username and password (checked against PBKDF2 hashes) give an
 * access token and a refresh token; a refresh token gives a new pair.
 *
 * <pre>
 * curl -X POST http://127.0.0.1:8080/api/v1/auth/login -H 'Content-Type: application/json' \
 *      -d '{"username": "alice", "password": "..."}'
 * curl -X POST http://127.0.0.1:8080/api/v1/auth/refresh -H 'Content-Type: application/json' \
 *      -d '{"refresh_token": "eyJ..."}'
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
    Responses.uncachedJson(res, login(Bodies.jsonObject(req)));
  }

  private void refresh(ServerRequest req, ServerResponse res) {
    Params.of(req);
    Responses.uncachedJson(res, refresh(Bodies.jsonObject(req)));
  }

  /** Checks a username and password and issues tokens, or 401. */
  byte[] login(JsonObject body) {
    Tokens tokens = auth.tokens();
    String username = Bodies.requiredString(body, "username");
    char[] password = Bodies.requiredString(body, "password").toCharArray();
    try {
      if (!auth.users().verify(username, password)) {
        LOG.log(Level.WARNING, "Login failed for user {0}", username);
        throw ProblemException.unauthorized("Cannot log in: wrong username or password");
      }
    } finally {
      PasswordHasher.wipe(password);
    }
    return toJson(tokens.issue(username));
  }

  /** Exchanges a valid refresh token for a new pair, or 401. */
  byte[] refresh(JsonObject body) {
    Tokens tokens = auth.tokens();
    String subject = tokens.verifyRefresh(Bodies.requiredString(body, "refresh_token"));
    return toJson(tokens.issue(subject));
  }

  private static byte[] toJson(Tokens.Issued issued) {
    return new JsonOut(1024).beginObject()
        .name("access_token").value(issued.accessToken())
        .name("refresh_token").value(issued.refreshToken())
        .name("token_type").value("Bearer")
        .name("expires_in").value(issued.expiresIn())
        .name("refresh_expires_in").value(issued.refreshExpiresIn())
        .endObject().toBytes();
  }
}
