package dev.bookslake.serving.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.serving.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A session ends a fixed time after its login, however often its refresh token is rotated. */
class SessionLifetimeTest {
  private static final String PASSWORD = "correct horse battery staple";

  /** A clock the test moves forward. */
  private static final class StepClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void refreshingNeverExtendsASessionPastItsMaximumAge() {
    StepClock clock = new StepClock();
    Tokens tokens =
        new Tokens(
            "session-test-secret-0123456789abcdef0".getBytes(StandardCharsets.UTF_8),
            "bookslake",
            "bookslake-api",
            Duration.ofMinutes(15),
            Duration.ofHours(12),
            clock);
    Users users =
        Users.parse(
            java.util.List.of(
                PasswordHasher.line("alice", PASSWORD.toCharArray(), PasswordHasher.MIN_ITERATIONS)
                    + ":admin"),
            "test");
    Authenticator auth =
        new Authenticator(Optional.of(tokens), users, LoginGuard.unlimited(), Duration.ofHours(24));

    Tokens.Issued issued = auth.login("alice");
    assertThat(tokens.principal(issued.accessToken()).role()).isEqualTo(Role.ADMIN);
    clock.advance(Duration.ofHours(11));
    issued = auth.refresh(issued.refreshToken());
    clock.advance(Duration.ofHours(11));
    issued = auth.refresh(issued.refreshToken());
    assertThat(issued.refreshExpiresIn())
        .as("capped at the session's end, 2 h away")
        .isEqualTo(Duration.ofHours(2).toSeconds());

    // Within the tokens' 30 s clock skew of the refresh token's expiry: the session's own end
    // decides.
    clock.advance(Duration.ofHours(2).plusSeconds(10));
    String last = issued.refreshToken();
    assertThatThrownBy(() -> auth.refresh(last))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(401))
        .hasMessageContaining("session is older than PT24H");
  }
}
