package dev.bookslake.serving.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bookslake.serving.snapshot.CachedResponse;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The responses built from gold snapshots, kept within a budget of bytes ({@code cache.max-bytes})
 * across every route and snapshot (Caffeine, weighed by body size; the least useful are evicted
 * first). A response is keyed by the snapshot's tag, the path and the request's {@linkplain
 * Params#canonical() canonical parameters}, so every spelling of one query shares an entry, and a
 * new snapshot's responses simply push the old ones out. Only built responses are kept: a request
 * that fails (400, 404, 503) leaves nothing behind.
 *
 * <pre>{@code
 * ResponseCache cache = new ResponseCache(64L << 20);
 * CachedResponse page = cache.get(snapshot, "/api/v1/books", params.canonical(), () -> build(...));
 * }</pre>
 */
public final class ResponseCache {
  // What an entry costs beside its body and key text: the entry, key and response objects.
  private static final int ENTRY_OVERHEAD_BYTES = 160;

  private final Cache<Key, CachedResponse> cache;

  /**
   * The key of one response.
   *
   * @param tag the snapshot's tag (a hash of its table versions: equal tags, equal data)
   * @param path the request path
   * @param query the canonical query, parameters by name
   */
  public record Key(String tag, String path, String query) {
    /** The key's text: the base of the response's ETag. */
    public String text() {
      return query.isEmpty() ? path : path + "?" + query;
    }
  }

  /** A cache of at most {@code maxBytes} of responses; 0 keeps none. */
  public ResponseCache(long maxBytes) {
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(Math.max(0, maxBytes))
            .weigher((Key k, CachedResponse r) -> weigh(k, r))
            // Evictions run on the writing thread: the budget holds even while a flood of new keys
            // outpaces a background executor.
            .executor(Runnable::run)
            .build();
  }

  /** The key of a response of a snapshot, for a path and its canonical parameters. */
  public static Key key(GoldSnapshot snapshot, String path, Map<String, String> canonical) {
    StringBuilder query = new StringBuilder();
    canonical.forEach(
        (name, value) -> {
          if (!query.isEmpty()) {
            query.append('&');
          }
          query.append(name).append('=').append(value);
        });
    return new Key(snapshot.tag(), path, query.toString());
  }

  /**
   * The cached response of a key, or the one {@code build} makes (kept unless it throws). It is
   * built outside the cache's locks, so a slow build never holds up other keys; two requests for a
   * new key at once may both build it.
   */
  public CachedResponse get(Key key, Supplier<CachedResponse> build) {
    CachedResponse hit = cache.getIfPresent(key);
    if (hit != null) {
      return hit;
    }
    CachedResponse built = build.get();
    cache.put(key, built);
    return built;
  }

  /** The bytes the kept responses weigh now (after {@link #cleanUp()}, exactly). */
  public long weightedBytes() {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
  }

  /** The number of responses kept (approximate until {@link #cleanUp()}). */
  public long entries() {
    return cache.estimatedSize();
  }

  /** Runs pending evictions now (the cache otherwise does it on its own schedule). */
  public void cleanUp() {
    cache.cleanUp();
  }

  static int weigh(Key key, CachedResponse response) {
    long bytes =
        ENTRY_OVERHEAD_BYTES
            + response.body().length
            + 2L * (key.tag().length() + key.path().length() + key.query().length())
            + (response.link() == null ? 0 : 2L * response.link().length());
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
