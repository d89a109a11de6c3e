package dev.bookslake.serving.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
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
 * way round.
 */
public final class Tokens {
  /** The smallest HS256 secret accepted: 32 bytes. */
  public static final int MIN_SECRET_BYTES = 32;
  static final String ACCESS = "access";
  static final String REFRESH = "refresh";
  private static final String TOKEN_USE = "token_use";
  private static final int CLOCK_SKEW_SECONDS = 30;

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final String issuer;
  private final String audience;
  private final Duration accessTtl;
  private final Duration refreshTtl;
  private final Clock clock;

  /** Both tokens of a login or refresh. */
  public record Issued(String accessToken, String refreshToken, long expiresIn, long refreshExpiresIn) {}

  public Tokens(byte[] secret, String issuer, String audience, Duration accessTtl, Duration refreshTtl, Clock clock) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "Cannot sign tokens with a " + secret.length + "-byte secret: BOOKSLAKE_JWT_SECRET needs at least "
              + MIN_SECRET_BYTES + " bytes");
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

  /** A new access and refresh token for a user. */
  public Issued issue(String subject) {
    return new Issued(
        sign(subject, ACCESS, accessTtl), sign(subject, REFRESH, refreshTtl), accessTtl.toSeconds(), refreshTtl.toSeconds());
  }

  /** The user an access token was issued to, or 401. */
  public String verifyAccess(String token) {
    return verify(token, ACCESS);
  }

  /** The user a refresh token was issued to, or 401. */
  public String verifyRefresh(String token) {
    return verify(token, REFRESH);
  }

  private String sign(String subject, String use, Duration ttl) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience)
        .subject(subject)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .jwtID(UUID.randomUUID().toString())
        .claim(TOKEN_USE, use)
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign a JWT", e);
    }
    return jwt.serialize();
  }

  private String verify(String token, String use) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
        throw ProblemException.unauthorized("Cannot accept token: algorithm must be HS256");
      }
      if (!jwt.verify(verifier)) {
        throw ProblemException.unauthorized("Cannot accept token: bad signature");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      DefaultJWTClaimsVerifier<?> claimsVerifier = new DefaultJWTClaimsVerifier<>(
          audience,
          new JWTClaimsSet.Builder().issuer(issuer).claim(TOKEN_USE, use).build(),
          new HashSet<>(Set.of("sub", "exp", "iat", "jti")));
      claimsVerifier.setMaxClockSkew(CLOCK_SKEW_SECONDS);
      claimsVerifier.verify(claims, null);
      return claims.getSubject();
    } catch (ParseException e) {
      throw ProblemException.unauthorized("Cannot accept token: it is not a signed JWT");
    } catch (BadJWTException e) {
      throw ProblemException.unauthorized("Cannot accept token: " + e.getMessage());
    } catch (JOSEException e) {
      throw ProblemException.unauthorized("Cannot accept token: " + e.getMessage());
    }
  }
}
