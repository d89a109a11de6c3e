package dev.bookslake.serving.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a client IP, a username's fingerprint): each key may burst {@code
 * capacity} requests and then gets {@code refillPerSecond} more per second. A capacity of 0 turns
 * limiting off.
 */
public final class RateLimiter {
  private static final int MAX_CLIENTS = 100_000;

  private final double capacity;
  private final double refillPerNano;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(int capacity, double refillPerSecond) {
    this.capacity = capacity;
    this.refillPerNano = refillPerSecond / 1e9;
  }

  public boolean enabled() {
    return capacity > 0;
  }

  /**
   * Takes a token for a client.
   *
   * @return 0 when allowed, else the whole seconds to wait before the next token
   */
  public long acquire(String client) {
    if (!enabled()) {
      return 0;
    }
    if (buckets.size() > MAX_CLIENTS) {
      evictFull();
    }
    return buckets.computeIfAbsent(client, c -> new Bucket(capacity)).take(System.nanoTime());
  }

  /**
   * The whole seconds until a key may take a token, without taking one.
   *
   * @return 0 when a token is there now
   */
  public long waitFor(String client) {
    if (!enabled()) {
      return 0;
    }
    Bucket b = buckets.get(client);
    return b == null ? 0 : b.waitFor(System.nanoTime());
  }

  private void evictFull() {
    long now = System.nanoTime();
    buckets.values().removeIf(b -> b.isFull(now));
  }

  private final class Bucket {
    private double tokens;
    private long updated;

    Bucket(double tokens) {
      this.tokens = tokens;
      this.updated = System.nanoTime();
    }

    synchronized long take(long now) {
      long wait = waitFor(now);
      if (wait == 0) {
        tokens -= 1;
      }
      return wait;
    }

    synchronized long waitFor(long now) {
      refill(now);
      if (tokens >= 1) {
        return 0;
      }
      if (refillPerNano <= 0) {
        return 3600;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / refillPerNano / 1e9));
    }

    synchronized boolean isFull(long now) {
      refill(now);
      return tokens >= capacity;
    }

    private void refill(long now) {
      tokens = Math.min(capacity, tokens + (now - updated) * refillPerNano);
      updated = now;
    }
  }
}
