package dev.bookslake.serving.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The login sessions of this process: for each, the id of the one refresh token it accepts next. A
 * refresh moves that id on (rotation); a refresh token presented again after its successor was
 * issued is a replayed copy, so the whole session ends. Sessions end anyway {@code maxAge} after
 * their login, however often they were refreshed. Kept in memory: a restart ends every session
 * (users log in again; access tokens stay valid until they expire).
 */
final class Sessions {
  /** The most sessions kept; past it the expired ones go, then the oldest. */
  static final int MAX_SESSIONS = 100_000;

  private record Session(String user, String currentTokenId, Instant authTime) {}

  /** How a refresh token stands against its session. */
  enum Outcome {
    ROTATED,
    UNKNOWN,
    REUSED,
    EXPIRED
  }

  private final Duration maxAge;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  Sessions(Duration maxAge) {
    this.maxAge = maxAge;
  }

  Duration maxAge() {
    return maxAge;
  }

  /** Starts a session whose first refresh token has {@code tokenId}. */
  void start(String sessionId, String user, String tokenId, Instant authTime, Instant now) {
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> !now.isBefore(s.authTime().plus(maxAge)));
    }
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.entrySet().stream()
          .min(Comparator.comparing(e -> e.getValue().authTime()))
          .ifPresent(oldest -> sessions.remove(oldest.getKey()));
    }
    sessions.put(sessionId, new Session(user, tokenId, authTime));
  }

  /**
   * Accepts {@code tokenId} as the session's current refresh token and replaces it with {@code
   * nextTokenId}; a replayed or unknown token, or an expired session, ends the session.
   */
  Outcome rotate(String sessionId, String user, String tokenId, String nextTokenId, Instant now) {
    Session[] seen = new Session[1];
    sessions.computeIfPresent(
        sessionId,
        (id, s) -> {
          seen[0] = s;
          boolean current = s.user().equals(user) && s.currentTokenId().equals(tokenId);
          return current && now.isBefore(s.authTime().plus(maxAge))
              ? new Session(s.user(), nextTokenId, s.authTime())
              : null;
        });
    Session s = seen[0];
    if (s == null) {
      return Outcome.UNKNOWN;
    }
    if (!s.user().equals(user) || !s.currentTokenId().equals(tokenId)) {
      return Outcome.REUSED;
    }
    return now.isBefore(s.authTime().plus(maxAge)) ? Outcome.ROTATED : Outcome.EXPIRED;
  }

  /** The end of a session, if it is known. */
  Optional<Instant> end(String sessionId) {
    return Optional.ofNullable(sessions.get(sessionId)).map(s -> s.authTime().plus(maxAge));
  }

  int size() {
    return sessions.size();
  }
}
