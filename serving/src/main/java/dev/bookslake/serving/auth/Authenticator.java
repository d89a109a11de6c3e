package dev.bookslake.serving.auth;

import dev.bookslake.serving.problem.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * The users and token service of the API, and the check protected routes call first. Without a
 * JWT secret ({@code BOOKSLAKE_JWT_SECRET}) there is no token service: login and every protected
 * route answer 503 naming the missing variable, while the read API keeps working.
 */
public final class Authenticator {
  private final Optional<Tokens> tokens;
  private final Users users;

  public Authenticator(Optional<Tokens> tokens, Users users) {
    this.tokens = tokens;
    this.users = users;
  }

  /** The token service, or 503 when no secret is configured. */
  public Tokens tokens() {
    return tokens.orElseThrow(() -> ProblemException.unavailable(
        "Cannot use authentication: set BOOKSLAKE_JWT_SECRET (at least 32 bytes) or start with --demo"));
  }

  public Users users() {
    return users;
  }

  public boolean enabled() {
    return tokens.isPresent();
  }

  /** The user of a request's bearer access token; 401 when it is missing, expired or tampered. */
  public String requireUser(ServerRequest req) {
    Tokens t = tokens();
    String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      throw ProblemException.unauthorized("Cannot access a protected route without a bearer token: log in at /api/v1/auth/login");
    }
    return t.verifyAccess(header.substring(7).strip());
  }
}
