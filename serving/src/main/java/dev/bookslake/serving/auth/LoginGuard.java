package dev.bookslake.serving.auth;

import dev.bookslake.serving.http.Bulkhead;
import dev.bookslake.serving.http.RateLimiter;
import dev.bookslake.serving.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * What stands before a password check: a token bucket per client IP (every attempt takes a token),
 * one per username (every failed attempt takes one, so guessing one user's password is slow while
 * that user can still log in from elsewhere once the bucket refills), and a bound on PBKDF2 hashes
 * computed at once (each costs ~100 ms of a core). Over a limit: 429 with {@code Retry-After}; with
 * every hashing place busy: 503 with {@code Retry-After}.
 *
 * <p>Usernames are kept, and logged, only as a {@linkplain #fingerprint fingerprint}: a password
 * typed into the username field never reaches a log or a map key.
 */
public final class LoginGuard {
  private final RateLimiter perClient;
  private final RateLimiter perUsername;
  private final Bulkhead hashing;

  /**
   * @param perClient attempts per client IP
   * @param perUsername failed attempts per username
   * @param hashing the bound on password checks at once
   */
  public LoginGuard(RateLimiter perClient, RateLimiter perUsername, Bulkhead hashing) {
    this.perClient = perClient;
    this.perUsername = perUsername;
    this.hashing = hashing;
  }

  /**
   * No limits but one hash per core at a time, for code that builds an {@link Authenticator} by
   * hand.
   */
  public static LoginGuard unlimited() {
    return new LoginGuard(
        new RateLimiter(0, 0),
        new RateLimiter(0, 0),
        new Bulkhead(
            "login-hash",
            "Cannot check a password now",
            Runtime.getRuntime().availableProcessors(),
            Duration.ofSeconds(1),
            b -> {}));
  }

  /**
   * Takes an attempt from the client's bucket and checks the username's; 429 when either is empty.
   */
  void beforeAttempt(String client, String username) {
    long wait = perClient.acquire(client);
    if (wait > 0) {
      throw ProblemException.tooManyLogins(
          "Cannot log in from client "
              + client
              + " now: too many attempts; retry after "
              + wait
              + " s",
          wait);
    }
    wait = perUsername.waitFor(fingerprint(username));
    if (wait > 0) {
      throw ProblemException.tooManyLogins(
          "Cannot log in as this user now: too many failed logins; retry after " + wait + " s",
          wait);
    }
  }

  /** Counts a failed attempt against the username. */
  void failed(String username) {
    perUsername.acquire(fingerprint(username));
  }

  /** The bound on password checks computed at once. */
  public Bulkhead hashing() {
    return hashing;
  }

  /**
   * A short, stable stand-in for a username in logs and keys: the first 12 hex digits of its
   * SHA-256.
   */
  public static String fingerprint(String username) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(username.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash a username: this JDK has no SHA-256", e);
    }
  }
}
