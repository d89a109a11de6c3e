package dev.bookslake.serving.snapshot;

/**
 * A response body built once per snapshot and route+query, served as bytes until the snapshot is
 * replaced.
 *
 * @param body the encoded body
 * @param contentType its media type
 * @param link the {@code Link} header of a paged list, or null
 */
public record CachedResponse(byte[] body, String contentType, String link) {
  public static CachedResponse json(byte[] body) {
    return new CachedResponse(body, "application/json", null);
  }
}
