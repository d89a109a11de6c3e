package dev.bookslake.serving.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bookslake.serving.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Which tokens {@link Tokens} accepts: only HS256 tokens it signed, for its issuer and audience,
 * within their lifetime by its clock (30 s of skew allowed), used for what they were issued for,
 * with a known role, refresh tokens within a session; every refusal is a 401 saying why.
 */
class TokenVerificationTest {
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final Duration ACCESS_TTL = Duration.ofMinutes(15);
  private static final Duration REFRESH_TTL = Duration.ofHours(12);
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static Tokens tokensAt(Instant now) {
    return new Tokens(
        SECRET,
        "bookslake",
        "bookslake-api",
        ACCESS_TTL,
        REFRESH_TTL,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private static final Tokens TOKENS =
      new Tokens(SECRET, "bookslake", "bookslake-api", ACCESS_TTL, REFRESH_TTL, Clock.systemUTC());

  private static AbstractThrowableAssert<?, ?> refusedAccess(String token) {
    return assertThatThrownBy(() -> TOKENS.verifyAccess(token))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(401);
              assertThat(e.headers())
                  .containsEntry("WWW-Authenticate", "Bearer realm=\"bookslake\"");
            });
  }

  /**
   * A token signed here, not by {@link Tokens}: claims a correct token would carry, then {@code
   * changes}.
   */
  private static String forged(JWSAlgorithm algorithm, byte[] secret, JWTClaimsSet.Builder changes)
      throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), changes.build());
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }

  private static JWTClaimsSet.Builder valid() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer("bookslake")
        .audience("bookslake-api")
        .subject("alice")
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(60)))
        .jwtID(UUID.randomUUID().toString())
        .claim("token_use", "access");
  }

  @Test
  void aSecretShorterThan32BytesIsRefused() {
    assertThatThrownBy(
            () -> new Tokens(new byte[31], "i", "a", ACCESS_TTL, REFRESH_TTL, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot sign tokens with a 31-byte secret: BOOKSLAKE_JWT_SECRET needs at least 32 bytes");
  }

  @Test
  void issuedTokensCarryTheirLifetimesAndVerifyForWhatTheyWereIssuedFor() {
    Tokens tokens = tokensAt(T0);
    Tokens.Issued issued = tokens.issue("alice");
    assertThat(issued.expiresIn()).isEqualTo(900);
    assertThat(issued.refreshExpiresIn()).isEqualTo(43_200);
    assertThat(tokens.principal(issued.accessToken()))
        .isEqualTo(new Tokens.Principal("alice", Role.USER));
    Tokens.Refresh refresh = tokens.verifyRefresh(issued.refreshToken());
    assertThat(refresh.user()).isEqualTo("alice");
    assertThat(refresh.authTime()).isEqualTo(T0);
    assertThat(refresh.sessionId()).isNotBlank().isNotEqualTo(refresh.tokenId());

    Tokens.Issued admin = tokens.issue("root", Role.ADMIN);
    assertThat(tokens.principal(admin.accessToken()))
        .isEqualTo(new Tokens.Principal("root", Role.ADMIN));
    assertThat(tokens.verifyRefresh(admin.refreshToken()).sessionId())
        .as("each login is a new session")
        .isNotEqualTo(refresh.sessionId());
  }

  @Test
  void anAccessTokenWithoutARoleIsAUsersAndAnUnknownRoleIsRefused() throws JOSEException {
    assertThat(TOKENS.principal(forged(JWSAlgorithm.HS256, SECRET, valid())))
        .isEqualTo(new Tokens.Principal("alice", Role.USER));
    refusedAccess(forged(JWSAlgorithm.HS256, SECRET, valid().claim("role", "wizard")))
        .hasMessage("Cannot accept token: unknown role");
  }

  @Test
  void aRefreshTokenOutsideASessionIsRefused() throws JOSEException {
    String sessionless = forged(JWSAlgorithm.HS256, SECRET, valid().claim("token_use", "refresh"));
    assertThatThrownBy(() -> TOKENS.verifyRefresh(sessionless))
        .isInstanceOf(ProblemException.class)
        .hasMessage("Cannot refresh: the token belongs to no session; log in again");
  }

  @Test
  void aRefreshTokenIsNotAnAccessTokenNorTheOtherWayRound() {
    Tokens.Issued issued = TOKENS.issue("alice");
    refusedAccess(issued.refreshToken())
        .hasMessage("Cannot accept token: JWT token_use claim value rejected");
    assertThatThrownBy(() -> TOKENS.verifyRefresh(issued.accessToken()))
        .isInstanceOf(ProblemException.class)
        .hasMessage("Cannot accept token: JWT token_use claim value rejected");
  }

  @Test
  void expiryIsJudgedByTheTokensClockWithThirtySecondsOfSkew() {
    String access = tokensAt(T0).issue("alice").accessToken();
    Instant expiry = T0.plus(ACCESS_TTL);

    assertThat(tokensAt(expiry.plusSeconds(29)).verifyAccess(access)).isEqualTo("alice");
    assertThatThrownBy(() -> tokensAt(expiry.plusSeconds(31)).verifyAccess(access))
        .isInstanceOf(ProblemException.class)
        .hasMessage("Cannot accept token: Expired JWT");
    assertThat(tokensAt(T0.minusSeconds(29)).verifyAccess(access)).isEqualTo("alice");
    assertThatThrownBy(() -> tokensAt(T0.minusSeconds(31)).verifyAccess(access))
        .isInstanceOf(ProblemException.class)
        .hasMessage("Cannot accept token: JWT before use time");
  }

  @Test
  void anotherSecretIssuerOrAudienceIsRefused() throws JOSEException {
    refusedAccess(
            forged(
                JWSAlgorithm.HS256,
                "another secret, also 32 bytes long".getBytes(StandardCharsets.UTF_8),
                valid()))
        .hasMessage("Cannot accept token: bad signature");
    refusedAccess(forged(JWSAlgorithm.HS256, SECRET, valid().issuer("someone-else")))
        .hasMessage("Cannot accept token: JWT iss claim value rejected");
    refusedAccess(forged(JWSAlgorithm.HS256, SECRET, valid().audience("another-api")))
        .hasMessage("Cannot accept token: JWT aud claim rejected");
    assertThat(TOKENS.verifyAccess(forged(JWSAlgorithm.HS256, SECRET, valid())))
        .as("the forger knows the secret")
        .isEqualTo("alice");
  }

  @Test
  void aTokenWithoutAnIdOrSubjectIsRefused() throws JOSEException {
    refusedAccess(forged(JWSAlgorithm.HS256, SECRET, valid().jwtID(null)))
        .hasMessage("Cannot accept token: JWT missing required claims: [jti]");
    refusedAccess(forged(JWSAlgorithm.HS256, SECRET, valid().subject(null)))
        .hasMessage("Cannot accept token: JWT missing required claims: [sub]");
  }

  @Test
  void onlyHs256IsAccepted() throws JOSEException {
    byte[] longSecret = new byte[64];
    System.arraycopy(SECRET, 0, longSecret, 0, SECRET.length);
    refusedAccess(forged(JWSAlgorithm.HS512, longSecret, valid()))
        .hasMessage("Cannot accept token: algorithm must be HS256");
    String unsigned = new com.nimbusds.jose.PlainObject(valid().build().toPayload()).serialize();
    refusedAccess(unsigned).hasMessage("Cannot accept token: it is not a signed JWT");
  }

  @Test
  void textThatIsNotAJwtIsRefused() {
    refusedAccess("not-a-token").hasMessage("Cannot accept token: it is not a signed JWT");
    refusedAccess("a.b.c").hasMessage("Cannot accept token: it is not a signed JWT");
  }
}
