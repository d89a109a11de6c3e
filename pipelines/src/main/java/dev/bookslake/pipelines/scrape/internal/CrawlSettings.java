package dev.bookslake.pipelines.scrape.internal;

import java.io.Serializable;

/**
 * How the crawler behaves, shipped to every worker.
 *
 * @param userAgent sent on every request and matched against robots.txt groups
 * @param maxConcurrency requests in flight per host (one worker fetches a host)
 * @param delayMillis minimum gap between requests to a host; robots.txt's Crawl-delay wins when
 *     larger
 * @param timeoutMillis deadline of one HTTP exchange: connect, headers and the whole body
 * @param maxAttempts attempts per URL, first try included
 * @param retryBaseMillis first backoff; doubles per attempt, with jitter
 * @param maxRetryAfterMillis cap on a server's Retry-After
 * @param runId recorded on every row
 * @param dt the run's logical date, recorded on every row
 * @param scope the origins that may be fetched; links and redirects elsewhere are refused
 * @param maxBodyBytes the largest body a page may have
 */
public record CrawlSettings(
    String userAgent,
    int maxConcurrency,
    long delayMillis,
    long timeoutMillis,
    int maxAttempts,
    long retryBaseMillis,
    long maxRetryAfterMillis,
    String runId,
    String dt,
    SiteScope scope,
    long maxBodyBytes)
    implements Serializable {

  /**
   * The product token robots.txt groups are matched against: the User-Agent up to its first '/'.
   */
  public String robotsToken() {
    int slash = userAgent.indexOf('/');
    return (slash < 0 ? userAgent : userAgent.substring(0, slash)).trim();
  }
}
