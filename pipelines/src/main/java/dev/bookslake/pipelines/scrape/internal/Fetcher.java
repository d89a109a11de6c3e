package dev.bookslake.pipelines.scrape.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A polite HTTP fetcher that stays on its site: robots.txt is read once per host and obeyed,
 * requests to a host go through its {@link HostGate}, and failures that may pass (5xx, 408, 429,
 * timeouts, truncated bodies) are retried with exponential backoff and full jitter, honouring
 * Retry-After. A 4xx is final at once.
 *
 * <p>Only URLs in the crawl's {@link SiteScope} are fetched. Redirects are followed here, not by
 * the HTTP client, so that every hop is checked like a link (in scope, allowed by robots.txt), and
 * at most {@value #MAX_REDIRECTS} of them. Each HTTP exchange has one deadline, from connect to the
 * last byte of the body, and a body is read only up to {@code maxBodyBytes}.
 *
 * <p>Thread-safe; one instance per worker is enough. {@link #close} it when the worker is done.
 */
public final class Fetcher implements AutoCloseable {
  /**
   * Redirects followed per request: as many as RFC 9309 asks for robots.txt, enough for real sites.
   */
  public static final int MAX_REDIRECTS = 5;

  /**
   * robots.txt is read up to here and the rest ignored (RFC 9309 §2.5 asks for at least 500 KiB).
   */
  static final int MAX_ROBOTS_BYTES = 500 * 1024;

  private static final int MAX_QUOTED_CHARS = 200;
  private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);
  private static final ConcurrentMap<String, RobotsRules> ROBOTS = new ConcurrentHashMap<>();

  /** Pages are checked against robots.txt and must be whole HTML; robots.txt itself is neither. */
  private enum Kind {
    PAGE,
    ROBOTS
  }

  /** How one attempt (a request and its redirects) ended; some failures are worth another. */
  private record Attempt(FetchResult result, boolean retry, long retryAfterMillis) {
    static Attempt done(FetchResult result) {
      return new Attempt(result, false, 0);
    }

    static Attempt retry(FetchResult result) {
      return new Attempt(result, true, 0);
    }
  }

  private final CrawlSettings settings;
  private final HttpClient client;
  private final ExecutorService exchanges;
  private final CappedBody pageBodies;
  private final CappedBody robotsBodies;

  public Fetcher(CrawlSettings settings) {
    this.settings = settings;
    this.exchanges = Executors.newVirtualThreadPerTaskExecutor();
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(settings.timeoutMillis()))
            .followRedirects(HttpClient.Redirect.NEVER)
            .sslContext(DeferredTrust.sslContext())
            .executor(exchanges)
            .build();
    this.pageBodies = new CappedBody(settings.maxBodyBytes(), false);
    this.robotsBodies = new CappedBody(Math.min(settings.maxBodyBytes(), MAX_ROBOTS_BYTES), true);
  }

  /**
   * Stops the client's selector thread and aborts any exchange still open. Unclosed, that thread
   * waits in {@code epoll_wait}, a native call, and HotSpot's exit waits up to 300 ms for threads
   * in native code: every crawling command ended 0.3 s late; on a TaskManager each worker's
   * selector thread lived until its client was collected.
   */
  @Override
  public void close() {
    client.shutdownNow();
    exchanges.shutdownNow();
  }

  /** Forgets the robots.txt cached for a run. */
  public static void forgetRun(String runId) {
    ROBOTS.keySet().removeIf(k -> k.startsWith(runId + "|"));
  }

  /**
   * Fetches a URL. With {@code etag} or {@code lastModified} from an earlier run, the request is
   * conditional and an unchanged page answers 304.
   */
  public FetchResult fetch(String url, String etag, String lastModified) {
    URI uri = parse(url);
    if (uri == null) {
      return new FetchResult.Failed(
          url,
          FetchResult.ERROR_INVALID_URL,
          "Cannot parse URL: " + quote(url),
          0,
          null,
          Instant.now());
    }
    if (!settings.scope().contains(uri)) {
      return new FetchResult.Failed(
          url,
          FetchResult.ERROR_OFF_SITE,
          "Cannot fetch URL, it is off the source site ("
              + settings.scope().describe()
              + "): "
              + quote(url),
          0,
          null,
          Instant.now());
    }
    if (!robotsFor(uri).allows(pathAndQuery(uri))) {
      return new FetchResult.Failed(
          url,
          FetchResult.ERROR_ROBOTS,
          "Cannot fetch URL, robots.txt disallows it: " + quote(url),
          0,
          null,
          Instant.now());
    }
    return fetchWithRetries(url, uri, etag, lastModified, Kind.PAGE);
  }

  private FetchResult fetchWithRetries(
      String url, URI uri, String etag, String lastModified, Kind kind) {
    FetchResult last = null;
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      Attempt outcome = attempt(url, uri, etag, lastModified, kind, attempt);
      last = outcome.result();
      if (!outcome.retry()) {
        return last;
      }
      if (attempt < settings.maxAttempts()
          && !sleepBeforeRetry(attempt, outcome.retryAfterMillis())) {
        break;
      }
    }
    return last;
  }

  /** One request and the redirects it leads to, each hop checked as a link would be. */
  private Attempt attempt(
      String url, URI start, String etag, String lastModified, Kind kind, int attempt) {
    URI current = start;
    for (int hop = 0; ; hop++) {
      HttpResponse<byte[]> response;
      try {
        response = exchange(current, etag, lastModified, kind);
      } catch (HttpConnectTimeoutException e) {
        return Attempt.retry(
            failure(
                url,
                FetchResult.ERROR_TIMEOUT,
                "Cannot connect to "
                    + quote(current)
                    + " within "
                    + settings.timeoutMillis()
                    + " ms",
                attempt));
      } catch (HttpTimeoutException e) {
        return Attempt.retry(
            failure(
                url,
                FetchResult.ERROR_TIMEOUT,
                "Cannot fetch "
                    + quote(current)
                    + " within "
                    + settings.timeoutMillis()
                    + " ms (--timeout-ms covers connect, headers and the whole body)",
                attempt));
      } catch (CappedBody.TooLargeException e) {
        // The same page will be as large on a retry.
        return Attempt.done(
            new FetchResult.Failed(
                url,
                FetchResult.ERROR_TOO_LARGE,
                e.getMessage() + ": " + quote(current),
                attempt,
                e.status(),
                Instant.now()));
      } catch (EOFException e) {
        return Attempt.retry(
            failure(
                url,
                FetchResult.ERROR_TRUNCATED,
                "Cannot read whole body: " + e.getMessage(),
                attempt));
      } catch (IOException e) {
        String message = String.valueOf(e.getMessage());
        boolean truncated =
            message.contains("EOF")
                || message.contains("content-length")
                || message.contains("bytes received");
        return Attempt.retry(
            failure(
                url,
                truncated ? FetchResult.ERROR_TRUNCATED : FetchResult.ERROR_IO,
                "Cannot fetch URL: " + e.getClass().getSimpleName() + ": " + message,
                attempt));
      } catch (IllegalArgumentException e) {
        return Attempt.done(
            failure(
                url,
                FetchResult.ERROR_INVALID_URL,
                "Cannot request URL: " + quote(current),
                attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Attempt.done(
            failure(url, FetchResult.ERROR_IO, "Cannot fetch URL: interrupted", attempt));
      }
      int status = response.statusCode();
      Instant now = Instant.now();
      if (isRedirect(status)) {
        Optional<String> location = response.headers().firstValue("Location");
        URI next = location.isEmpty() ? null : resolve(current, location.get());
        FetchResult.Failed refused =
            refusedRedirect(url, current, location, next, hop, kind, attempt, status);
        if (refused != null) {
          return Attempt.done(refused);
        }
        current = next;
        continue;
      }
      if (status == 304) {
        return Attempt.done(
            new FetchResult.Fetched(
                url,
                current.toString(),
                304,
                header(response, "Content-Type"),
                header(response, "ETag"),
                header(response, "Last-Modified"),
                "",
                attempt,
                now));
      }
      if (status >= 200 && status < 300) {
        String contentType = header(response, "Content-Type");
        String body = new String(response.body(), charsetOf(contentType));
        if (kind == Kind.PAGE
            && isHtml(contentType)
            && !body.toLowerCase(Locale.ROOT).contains("</html>")) {
          return Attempt.retry(
              new FetchResult.Failed(
                  url,
                  FetchResult.ERROR_TRUNCATED,
                  "Cannot use page, its body ends before </html> ("
                      + response.body().length
                      + " bytes)",
                  attempt,
                  status,
                  now));
        }
        return Attempt.done(
            new FetchResult.Fetched(
                url,
                current.toString(),
                status,
                contentType,
                header(response, "ETag"),
                header(response, "Last-Modified"),
                body,
                attempt,
                now));
      }
      FetchResult.Failed failed =
          new FetchResult.Failed(
              url,
              FetchResult.httpError(status),
              "Cannot fetch URL, server answered HTTP "
                  + status
                  + (hop > 0 ? " at " + quote(current) : ""),
              attempt,
              status,
              now);
      return retryable(status)
          ? new Attempt(failed, true, retryAfter(response))
          : Attempt.done(failed);
    }
  }

  /** Why a redirect must not be followed, or null when it may: every hop is checked like a link. */
  private FetchResult.Failed refusedRedirect(
      String url,
      URI from,
      Optional<String> location,
      URI to,
      int hop,
      Kind kind,
      int attempt,
      int status) {
    Instant now = Instant.now();
    if (location.isEmpty()) {
      return new FetchResult.Failed(
          url,
          FetchResult.httpError(status),
          "Cannot follow redirect, the answer has no Location: " + quote(from),
          attempt,
          status,
          now);
    }
    if (to == null) {
      return new FetchResult.Failed(
          url,
          FetchResult.ERROR_INVALID_URL,
          "Cannot follow redirect to a Location that is not an http(s) URL: "
              + quote(location.get()),
          attempt,
          status,
          now);
    }
    if (hop >= MAX_REDIRECTS) {
      return new FetchResult.Failed(
          url,
          FetchResult.ERROR_TOO_MANY_REDIRECTS,
          "Cannot follow more than "
              + MAX_REDIRECTS
              + " redirects; the next led from "
              + quote(from)
              + " to "
              + quote(to),
          attempt,
          status,
          now);
    }
    if (!settings.scope().contains(to)) {
      return new FetchResult.Failed(
          url,
          FetchResult.ERROR_OFF_SITE_REDIRECT,
          "Cannot follow redirect off the source site ("
              + settings.scope().describe()
              + ") from "
              + quote(from)
              + " to "
              + quote(to)
              + "; add its host to --allowed-hosts to crawl it",
          attempt,
          status,
          now);
    }
    if (kind == Kind.PAGE && !robotsFor(to).allows(pathAndQuery(to))) {
      return new FetchResult.Failed(
          url,
          FetchResult.ERROR_ROBOTS,
          "Cannot follow redirect to " + quote(to) + ", robots.txt disallows it",
          attempt,
          status,
          now);
    }
    return null;
  }

  /**
   * One HTTP exchange under the deadline: the client's own timeout ends when the headers arrive, so
   * a body sent a byte at a time would outlast it; this one ends the exchange, body included.
   */
  private HttpResponse<byte[]> exchange(URI uri, String etag, String lastModified, Kind kind)
      throws IOException, InterruptedException {
    HttpRequest request = request(uri, etag, lastModified);
    HostGate gate = gateFor(uri, kind);
    gate.acquire();
    try {
      CompletableFuture<HttpResponse<byte[]>> response =
          client.sendAsync(request, kind == Kind.PAGE ? pageBodies : robotsBodies);
      try {
        return response.get(settings.timeoutMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // Cancelling aborts the exchange and closes its connection (JDK 16+).
        response.cancel(true);
        throw new HttpTimeoutException("Cannot fetch within " + settings.timeoutMillis() + " ms");
      } catch (InterruptedException e) {
        response.cancel(true);
        throw e;
      } catch (ExecutionException e) {
        throw rethrown(e.getCause());
      }
    } finally {
      gate.release();
    }
  }

  private static IOException rethrown(Throwable cause) {
    Throwable t = cause;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof IOException io) {
      return io;
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error error) {
      throw error;
    }
    return new IOException(t);
  }

  private HostGate gateFor(URI uri, Kind kind) {
    String origin = SiteScope.origin(uri);
    if (kind == Kind.ROBOTS) {
      return HostGate.of(settings.runId(), origin + "#robots", 1, 0);
    }
    long interval = Math.max(settings.delayMillis(), robotsFor(uri).crawlDelayMillis());
    return HostGate.of(settings.runId(), origin, settings.maxConcurrency(), interval);
  }

  private static FetchResult.Failed failure(
      String url, String errorClass, String message, int attempt) {
    return new FetchResult.Failed(url, errorClass, message, attempt, null, Instant.now());
  }

  private HttpRequest request(URI uri, String etag, String lastModified) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .header("User-Agent", settings.userAgent())
            .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
            .GET();
    if (etag != null && !etag.isEmpty()) {
      builder.header("If-None-Match", etag);
    }
    if (lastModified != null && !lastModified.isEmpty()) {
      builder.header("If-Modified-Since", lastModified);
    }
    return builder.build();
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean retryable(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  /**
   * Full jitter: sleep a random time in [base*2^(n-1)/2, base*2^(n-1)], or the server's
   * Retry-After.
   */
  private boolean sleepBeforeRetry(int attempt, long retryAfterMillis) {
    long ceiling = settings.retryBaseMillis() << Math.min(attempt - 1, 16);
    long backoff = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    long sleep = Math.max(backoff, Math.min(retryAfterMillis, settings.maxRetryAfterMillis()));
    try {
      Thread.sleep(sleep);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static long retryAfter(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("Retry-After");
    if (value.isEmpty()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value.get().trim())) * 1000;
    } catch (NumberFormatException e) {
      // An HTTP-date Retry-After is rare; the exponential backoff applies instead.
      return 0;
    }
  }

  private RobotsRules robotsFor(URI uri) {
    String key = settings.runId() + "|" + SiteScope.origin(uri);
    RobotsRules cached = ROBOTS.get(key);
    if (cached != null) {
      return cached;
    }
    synchronized (ROBOTS) {
      return ROBOTS.computeIfAbsent(key, k -> loadRobots(uri));
    }
  }

  private RobotsRules loadRobots(URI page) {
    URI robotsUri = page.resolve("/robots.txt");
    FetchResult result = fetchWithRetries(robotsUri.toString(), robotsUri, null, null, Kind.ROBOTS);
    if (result instanceof FetchResult.Fetched fetched) {
      return RobotsRules.parse(fetched.body(), settings.robotsToken());
    }
    FetchResult.Failed failed = (FetchResult.Failed) result;
    if (failed.errorClass().equals(FetchResult.ERROR_OFF_SITE_REDIRECT)
        || failed.errorClass().equals(FetchResult.ERROR_TOO_MANY_REDIRECTS)) {
      // RFC 9309 would follow robots.txt across hosts; staying home, its rules stay unknown.
      LOG.warn(
          "Cannot read {}, so nothing on {} is fetched: {}",
          robotsUri,
          SiteScope.origin(page),
          failed.message());
      return RobotsRules.disallowAll();
    }
    Integer status = failed.lastStatus();
    if (status != null && status >= 400 && status < 500) {
      return RobotsRules.allowAll();
    }
    return RobotsRules.disallowAll();
  }

  /** An absolute http(s) URL without its fragment, or null. */
  private static URI parse(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        return null;
      }
      return uri.getRawFragment() == null ? uri : new URI(url.substring(0, url.indexOf('#')));
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** A Location resolved against the URL that sent it, as an absolute http(s) URL, or null. */
  private static URI resolve(URI from, String location) {
    try {
      // URI.resolve drops the slash of a base without a path (http://h + x = http://hx).
      URI base =
          from.getRawPath() == null || from.getRawPath().isEmpty() ? from.resolve("/") : from;
      return parse(base.resolve(new URI(location.strip())).toString());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String pathAndQuery(URI uri) {
    String pathAndQuery =
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return pathAndQuery.isEmpty() ? "/" : pathAndQuery;
  }

  /** A URL or header as quoted in a message: a site controls them, so their length is bounded. */
  private static String quote(Object value) {
    String text = String.valueOf(value);
    return text.length() <= MAX_QUOTED_CHARS
        ? text
        : text.substring(0, MAX_QUOTED_CHARS) + "... (" + text.length() + " chars)";
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static boolean isHtml(String contentType) {
    return contentType == null || contentType.toLowerCase(Locale.ROOT).contains("html");
  }

  /** The declared charset, else UTF-8: the site's pages are UTF-8 and often do not say so. */
  private static Charset charsetOf(String contentType) {
    if (contentType != null) {
      for (String part : contentType.split(";")) {
        String p = part.trim();
        if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
          try {
            return Charset.forName(p.substring(8).replace("\"", "").trim());
          } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
