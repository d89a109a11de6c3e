package dev.bookslake.serving.auth;

import dev.bookslake.serving.http.Bulkhead;
import dev.bookslake.serving.problem.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The users, token service and login sessions of the API, and the checks protected routes call
 * first. Without a JWT secret ({@code BOOKSLAKE_JWT_SECRET}) there is no token service: login and
 * every protected route answer 503 naming the missing variable, while the read API keeps working.
 *
 * <p>Sessions: a login starts one; each refresh rotates its refresh token (the old one is refused
 * from then on, and presenting it ends the session), re-checks that the user still exists (and
 * takes its current role), and never extends it past {@code auth.session-max-age} after the login.
 */
public final class Authenticator {
  /** The default absolute lifetime of a session. */
  public static final Duration DEFAULT_SESSION_MAX_AGE = Duration.ofHours(24);

  private final Optional<Tokens> tokens;
  private final Users users;
  private final LoginGuard guard;
  private final Sessions sessions;

  public Authenticator(Optional<Tokens> tokens, Users users) {
    this(tokens, users, LoginGuard.unlimited(), DEFAULT_SESSION_MAX_AGE);
  }

  /**
   * @param guard the limits on login attempts and password hashing
   * @param sessionMaxAge how long after its login a session ends, however often it was refreshed
   */
  public Authenticator(
      Optional<Tokens> tokens, Users users, LoginGuard guard, Duration sessionMaxAge) {
    this.tokens = tokens;
    this.users = users;
    this.guard = guard;
    this.sessions = new Sessions(sessionMaxAge);
  }

  /** The token service, or 503 when no secret is configured. */
  public Tokens tokens() {
    return tokens.orElseThrow(
        () ->
            ProblemException.unavailable(
                "Cannot use authentication: set BOOKSLAKE_JWT_SECRET (at least 32 bytes) or start with --demo"));
  }

  public Users users() {
    return users;
  }

  public boolean enabled() {
    return tokens.isPresent();
  }

  /** The limits on login attempts. */
  public LoginGuard guard() {
    return guard;
  }

  /** The bound on password checks computed at once. */
  public Bulkhead hashing() {
    return guard.hashing();
  }

  /** The user of a request's bearer access token; 401 when it is missing, expired or tampered. */
  public String requireUser(ServerRequest req) {
    return principal(req).user();
  }

  /**
   * The user of a request's bearer access token if its role is {@code admin}; 401 without one, 403
   * for a user.
   */
  public String requireAdmin(ServerRequest req) {
    Tokens.Principal p = principal(req);
    if (p.role() != Role.ADMIN) {
      throw ProblemException.forbidden(
          "Cannot do this as a user: it needs the admin role (ask an operator to add"
              + " :admin to your line of the users file)");
    }
    return p.user();
  }

  private Tokens.Principal principal(ServerRequest req) {
    Tokens t = tokens();
    return t.principal(
        bearer(req)
            .orElseThrow(
                () ->
                    ProblemException.unauthorized(
                        "Cannot access a protected route without a bearer token: log in at /api/v1/auth/login")));
  }

  /** The token of an {@code Authorization: Bearer} header, if the request has one. */
  public static Optional<String> bearer(ServerRequest req) {
    String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.strip().length() <= 7) {
      return Optional.empty();
    }
    return Optional.of(header.substring(7).strip());
  }

  /** A new session for a user whose password was just checked: the first pair of tokens. */
  Tokens.Issued login(String user) {
    Tokens t = tokens();
    Role role = users.role(user).orElse(Role.USER);
    Instant now = t.clock().instant();
    String sessionId = UUID.randomUUID().toString();
    String tokenId = UUID.randomUUID().toString();
    sessions.start(sessionId, user, tokenId, now, now);
    return t.issue(user, role, sessionId, now, now.plus(sessions.maxAge()), tokenId);
  }

  /**
   * A new pair for a refresh token that is its session's current one, of a user who still exists;
   * else 401.
   */
  Tokens.Issued refresh(String refreshToken) {
    Tokens t = tokens();
    Tokens.Refresh r = t.verifyRefresh(refreshToken);
    Optional<Role> role = users.role(r.user());
    String next = UUID.randomUUID().toString();
    Sessions.Outcome outcome =
        sessions.rotate(r.sessionId(), r.user(), r.tokenId(), next, t.clock().instant());
    if (role.isEmpty()) {
      throw ProblemException.unauthorized(
          "Cannot refresh: the token's user is not a user of this server");
    }
    return switch (outcome) {
      case ROTATED ->
          t.issue(
              r.user(),
              role.get(),
              r.sessionId(),
              r.authTime(),
              r.authTime().plus(sessions.maxAge()),
              next);
      case REUSED ->
          throw ProblemException.unauthorized(
              "Cannot refresh: this refresh token was already used, so its session has ended; log in again");
      case EXPIRED ->
          throw ProblemException.unauthorized(
              "Cannot refresh: the session is older than " + sessions.maxAge() + "; log in again");
      case UNKNOWN ->
          throw ProblemException.unauthorized(
              "Cannot refresh: the session has ended (or began before the server restarted); log in again");
    };
  }
}
