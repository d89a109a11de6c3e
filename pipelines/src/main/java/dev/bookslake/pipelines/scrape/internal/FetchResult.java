package dev.bookslake.pipelines.scrape.internal;

import java.time.Instant;

/** What fetching one URL ended with, after politeness and retries. */
public sealed interface FetchResult {
  String url();

  int attempts();

  /**
   * A response with a body (status 200), or a 304 whose body the caller carries over from the
   * previous snapshot ({@code body} is then empty). {@code url} is the URL asked for, and {@code
   * finalUrl} the one that answered after redirects, against which the page's links resolve.
   */
  record Fetched(
      String url,
      String finalUrl,
      int status,
      String contentType,
      String etag,
      String lastModified,
      String body,
      int attempts,
      Instant fetchedAt)
      implements FetchResult {
    public boolean notModified() {
      return status == 304;
    }
  }

  /** No usable response: the reason is one of the {@code ERROR_*} classes. */
  record Failed(
      String url,
      String errorClass,
      String message,
      int attempts,
      Integer lastStatus,
      Instant failedAt)
      implements FetchResult {}

  String ERROR_TIMEOUT = "timeout";
  String ERROR_TRUNCATED = "truncated";
  String ERROR_IO = "io";
  String ERROR_ROBOTS = "robots_disallowed";
  String ERROR_INVALID_URL = "invalid_url";

  /** A link to another site; not fetched. */
  String ERROR_OFF_SITE = "off_site";

  /** A redirect to another site; not followed. */
  String ERROR_OFF_SITE_REDIRECT = "off_site_redirect";

  String ERROR_TOO_MANY_REDIRECTS = "too_many_redirects";

  /** A body over {@code --max-body-bytes}; not stored, not retried. */
  String ERROR_TOO_LARGE = "too_large";

  /** {@code http_404}, {@code http_503}, ... */
  static String httpError(int status) {
    return "http_" + status;
  }
}
