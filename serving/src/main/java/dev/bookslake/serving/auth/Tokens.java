package dev.bookslake.serving.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import dev.bookslake.serving.problem.ProblemException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and checks the API's JWTs: HS256 (nimbus-jose-jwt) with issuer, audience, expiry and a
 * {@code token_use} claim, so a refresh token is never accepted as an access token nor the other
 * way round. An access token carries the user's {@code role}; a refresh token its session ({@code
 * sid}, and {@code auth_time}, when the user logged in), so a refresh can be checked against the
 * session's current token and its absolute lifetime (see {@link Authenticator#refresh}).
 */
public final class Tokens {
  /** The smallest HS256 secret accepted: 32 bytes. */
  public static final int MIN_SECRET_BYTES = 32;

  static final String ACCESS = "access";
  static final String REFRESH = "refresh";
  private static final String TOKEN_USE = "token_use";
  private static final String ROLE = "role";
  private static final String SESSION = "sid";
  private static final String AUTH_TIME = "auth_time";
  private static final int CLOCK_SKEW_SECONDS = 30;

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final String issuer;
  private final String audience;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final Clock clock;

  /** Both tokens of a login or refresh. */
  public record Issued(
      String accessToken, String refreshToken, long expiresIn, long refreshExpiresIn) {}

  /** Who an access token was issued to. */
  public record Principal(String user, Role role) {}

  /**
   * What a verified refresh token says.
   *
   * @param user the subject
   * @param sessionId the session it belongs to
   * @param tokenId its own id ({@code jti}): a session accepts only its latest
   * @param authTime when the session began (the login)
   */
  public record Refresh(String user, String sessionId, String tokenId, Instant authTime) {}

  public Tokens(
      byte[] secret,
      String issuer,
      String audience,
      Duration accessTtl,
      Duration refreshTtl,
      Clock clock) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "Cannot sign tokens with a "
              + secret.length
              + "-byte secret: BOOKSLAKE_JWT_SECRET needs at least "
              + MIN_SECRET_BYTES
              + " bytes");
    }
    try {
      this.signer = new MACSigner(secret);
      this.verifier = new MACVerifier(secret);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("Cannot use the JWT secret: " + e.getMessage(), e);
    }
    this.issuer = issuer;
    this.audience = audience;
    this.accessTtl = accessTtl;
    this.refreshTtl = refreshTtl;
    this.clock = clock;
  }

  /** A new access and refresh token for a user with the {@code user} role, in a new session. */
  public Issued issue(String subject) {
    return issue(subject, Role.USER);
  }

  /** A new access and refresh token for a user, in a new session that began now. */
  public Issued issue(String subject, Role role) {
    return issue(
        subject,
        role,
        UUID.randomUUID().toString(),
        clock.instant(),
        null,
        UUID.randomUUID().toString());
  }

  /**
   * A new pair in an existing session: the refresh token expires after the refresh TTL or at {@code
   * sessionEnd}, whichever is first.
   *
   * @param refreshId the new refresh token's {@code jti}
   */
  Issued issue(
      String subject,
      Role role,
      String sessionId,
      Instant authTime,
      Instant sessionEnd,
      String refreshId) {
    Instant now = clock.instant();
    Instant refreshExpiry = now.plus(refreshTtl);
    if (sessionEnd != null && sessionEnd.isBefore(refreshExpiry)) {
      refreshExpiry = sessionEnd;
    }
    String access =
        sign(
            new JWTClaimsSet.Builder()
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .claim(TOKEN_USE, ACCESS)
                .claim(ROLE, role.label()),
            now,
            now.plus(accessTtl));
    String refresh =
        sign(
            new JWTClaimsSet.Builder()
                .subject(subject)
                .jwtID(refreshId)
                .claim(TOKEN_USE, REFRESH)
                .claim(SESSION, sessionId)
                .claim(AUTH_TIME, authTime.getEpochSecond()),
            now,
            refreshExpiry);
    return new Issued(
        access,
        refresh,
        accessTtl.toSeconds(),
        Math.max(0, Duration.between(now, refreshExpiry).toSeconds()));
  }

  /** The user an access token was issued to, or 401. */
  public String verifyAccess(String token) {
    return principal(token).user();
  }

  /**
   * The user and role an access token was issued to, or 401; a token without a role is a {@code
   * user}'s.
   */
  public Principal principal(String token) {
    JWTClaimsSet claims = verify(token, ACCESS);
    Object role = claims.getClaim(ROLE);
    try {
      return new Principal(claims.getSubject(), role instanceof String r ? Role.of(r) : Role.USER);
    } catch (IllegalArgumentException e) {
      throw ProblemException.unauthorized("Cannot accept token: unknown role");
    }
  }

  /**
   * What a refresh token says, or 401 when it is not a valid, unexpired refresh token of a session.
   */
  public Refresh verifyRefresh(String token) {
    JWTClaimsSet claims = verify(token, REFRESH);
    Object session = claims.getClaim(SESSION);
    Object authTime = claims.getClaim(AUTH_TIME);
    if (!(session instanceof String sid) || !(authTime instanceof Number at)) {
      throw ProblemException.unauthorized(
          "Cannot refresh: the token belongs to no session; log in again");
    }
    return new Refresh(
        claims.getSubject(), sid, claims.getJWTID(), Instant.ofEpochSecond(at.longValue()));
  }

  /** The clock tokens are dated by. */
  Clock clock() {
    return clock;
  }

  private String sign(JWTClaimsSet.Builder builder, Instant now, Instant expiry) {
    JWTClaimsSet claims =
        builder
            .issuer(issuer)
            .audience(audience)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(expiry))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign a JWT", e);
    }
    return jwt.serialize();
  }

  private JWTClaimsSet verify(String token, String use) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
        throw ProblemException.unauthorized("Cannot accept token: algorithm must be HS256");
      }
      if (!jwt.verify(verifier)) {
        throw ProblemException.unauthorized("Cannot accept token: bad signature");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      DefaultJWTClaimsVerifier<?> claimsVerifier =
          new DefaultJWTClaimsVerifier<>(
              audience,
              new JWTClaimsSet.Builder().issuer(issuer).claim(TOKEN_USE, use).build(),
              new HashSet<>(Set.of("sub", "exp", "iat", "jti"))) {
            // Expiry is judged by the clock the tokens are issued by.
            @Override
            protected Date currentTime() {
              return Date.from(clock.instant());
            }
          };
      claimsVerifier.setMaxClockSkew(CLOCK_SKEW_SECONDS);
      claimsVerifier.verify(claims, null);
      return claims;
    } catch (ParseException e) {
      throw ProblemException.unauthorized("Cannot accept token: it is not a signed JWT");
    } catch (BadJWTException e) {
      throw ProblemException.unauthorized("Cannot accept token: " + e.getMessage());
    } catch (JOSEException e) {
      throw ProblemException.unauthorized("Cannot accept token: it cannot be verified");
    }
  }
}
