package dev.bookslake.serving.http;

import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.CachedResponse;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sending snapshot data: the request's snapshot, ETags derived from it, {@code If-None-Match}
 * answered with 304, and JSON bodies sent as precomputed bytes.
 */
public final class Responses {
  /** The header naming the snapshot dt a response was computed from. */
  public static final HeaderName SNAPSHOT = HeaderNames.create("X-Bookslake-Snapshot");

  private static final String JSON = "application/json";

  private Responses() {}

  /** The snapshot this request holds (see {@link RequestFilter}), or 503 while none is loaded. */
  public static GoldSnapshot snapshot(ServerRequest req) {
    return snapshotIfAny(req)
        .orElseThrow(
            () ->
                ProblemException.unavailable(
                    "Cannot serve data yet: no gold snapshot is loaded (waiting for the pipeline to publish gold.books)"));
  }

  public static Optional<GoldSnapshot> snapshotIfAny(ServerRequest req) {
    return req.context().get(GoldSnapshot.class);
  }

  /** The cache key of a request: its path and raw query. */
  public static String key(ServerRequest req) {
    String q = req.query().rawValue();
    String path = req.prologue().uriPath().rawPath();
    return q == null || q.isEmpty() ? path : path + "?" + q;
  }

  /** The strong ETag of this request's answer in a snapshot: table versions + route + query. */
  public static String etag(GoldSnapshot snapshot, ServerRequest req) {
    return etag(snapshot, key(req));
  }

  private static String etag(GoldSnapshot snapshot, String key) {
    return "\"" + snapshot.tag() + "-" + Long.toHexString(fnv1a(key)) + "\"";
  }

  /**
   * Sends the response of a cached route: from the cache when this snapshot already answered the
   * same path and {@linkplain Params#canonical() canonical parameters}, else built (and kept). The
   * ETag follows the canonical key too, so every spelling of a query revalidates alike. Parse every
   * parameter before calling, so the canonical form is complete.
   */
  public static void sendCached(
      ServerRequest req,
      ServerResponse res,
      GoldSnapshot snapshot,
      ResponseCache cache,
      Params params,
      Supplier<CachedResponse> build) {
    ResponseCache.Key key =
        ResponseCache.key(snapshot, req.prologue().uriPath().path(), params.canonical());
    send(req, res, etag(snapshot, key.text()), cache.get(key, build));
  }

  /** Sends JSON with the snapshot's ETag, or 304 when the client has it already. */
  public static void json(
      ServerRequest req, ServerResponse res, GoldSnapshot snapshot, byte[] body) {
    send(req, res, snapshot, new CachedResponse(body, JSON, null));
  }

  /**
   * Sends JSON that the snapshot and query alone do not fix (read from the lake, which may change
   * while the snapshot stays): its ETag covers the body too.
   */
  public static void jsonTaggedByBody(
      ServerRequest req, ServerResponse res, GoldSnapshot snapshot, byte[] body) {
    String key = key(req) + "#" + Long.toHexString(fnv1a(new String(body, StandardCharsets.UTF_8)));
    send(req, res, etag(snapshot, key), new CachedResponse(body, JSON, null));
  }

  /** Sends a cached response with the snapshot's ETag, or 304 when the client has it already. */
  public static void send(
      ServerRequest req, ServerResponse res, GoldSnapshot snapshot, CachedResponse cached) {
    send(req, res, etag(snapshot, req), cached);
  }

  private static void send(
      ServerRequest req, ServerResponse res, String etag, CachedResponse cached) {
    if (cached.link() != null) {
      res.header(HeaderNames.LINK, cached.link());
    }
    if (notModified(req, res, etag)) {
      return;
    }
    res.header(HeaderNames.CONTENT_TYPE, cached.contentType());
    res.send(cached.body());
  }

  /**
   * Sets the ETag and validators, and answers 304 when {@code If-None-Match} names the ETag.
   *
   * @return true when the 304 was sent
   */
  public static boolean notModified(ServerRequest req, ServerResponse res, String etag) {
    res.header(HeaderNames.ETAG, etag);
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    Optional<String> ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH);
    if (ifNoneMatch.isPresent() && matches(ifNoneMatch.get(), etag)) {
      res.status(Status.NOT_MODIFIED_304);
      res.send();
      return true;
    }
    return false;
  }

  /** Answers 200 with plain JSON, no ETag (for bodies that change on every call). */
  public static void uncachedJson(ServerResponse res, byte[] body) {
    res.header(HeaderNames.CONTENT_TYPE, JSON);
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.send(body);
  }

  static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
