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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A polite HTTP fetcher: robots.txt is read once per host and obeyed, requests to a host go through
 * its {@link HostGate}, and failures that may pass (5xx, 408, 429, timeouts, truncated bodies) are
 * retried with exponential backoff and full jitter, honouring Retry-After. A 4xx is final at once.
 *
 * <p>Thread-safe; one instance per worker is enough.
 */
public final class Fetcher {
  private static final ConcurrentMap<String, RobotsRules> ROBOTS = new ConcurrentHashMap<>();

  private final CrawlSettings settings;
  private final HttpClient client;

  public Fetcher(CrawlSettings settings) {
    this.settings = settings;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(settings.timeoutMillis()))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
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
    URI uri;
    try {
      uri = new URI(url);
      if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new URISyntaxException(url, "not an absolute http(s) URL");
      }
    } catch (URISyntaxException | NullPointerException e) {
      return new FetchResult.Failed(
          url, FetchResult.ERROR_INVALID_URL, "Cannot parse URL: " + url, 0, null, Instant.now());
    }
    RobotsRules robots = robotsFor(uri);
    String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    if (!robots.allows(pathAndQuery.isEmpty() ? "/" : pathAndQuery)) {
      return new FetchResult.Failed(
          url, FetchResult.ERROR_ROBOTS, "Cannot fetch URL, robots.txt disallows it: " + url, 0, null, Instant.now());
    }
    long interval = Math.max(settings.delayMillis(), robots.crawlDelayMillis());
    HostGate gate = HostGate.of(settings.runId(), hostKey(uri), settings.maxConcurrency(), interval);
    return fetchWithRetries(uri, gate, etag, lastModified, true);
  }

  private FetchResult fetchWithRetries(
      URI uri, HostGate gate, String etag, String lastModified, boolean expectHtml) {
    String url = uri.toString();
    FetchResult.Failed last = null;
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      long retryAfterMillis = 0;
      try {
        gate.acquire();
        HttpResponse<byte[]> response;
        try {
          response = client.send(request(uri, etag, lastModified), HttpResponse.BodyHandlers.ofByteArray());
        } finally {
          gate.release();
        }
        int status = response.statusCode();
        Instant now = Instant.now();
        if (status == 304) {
          return new FetchResult.Fetched(
              url, 304, header(response, "Content-Type"), header(response, "ETag"),
              header(response, "Last-Modified"), "", attempt, now);
        }
        if (status >= 200 && status < 300) {
          String contentType = header(response, "Content-Type");
          String body = new String(response.body(), charsetOf(contentType));
          if (expectHtml && isHtml(contentType) && !body.toLowerCase(Locale.ROOT).contains("</html>")) {
            last = new FetchResult.Failed(
                url, FetchResult.ERROR_TRUNCATED,
                "Cannot use page, its body ends before </html> (" + response.body().length + " bytes)",
                attempt, status, now);
          } else {
            return new FetchResult.Fetched(
                url, status, contentType, header(response, "ETag"), header(response, "Last-Modified"),
                body, attempt, now);
          }
        } else {
          last = new FetchResult.Failed(
              url, FetchResult.httpError(status), "Cannot fetch URL, server answered HTTP " + status,
              attempt, status, now);
          if (!retryable(status)) {
            return last;
          }
          retryAfterMillis = retryAfter(response);
        }
      } catch (HttpConnectTimeoutException e) {
        last = failure(url, FetchResult.ERROR_TIMEOUT, "Cannot connect within " + settings.timeoutMillis() + " ms", attempt);
      } catch (HttpTimeoutException e) {
        last = failure(url, FetchResult.ERROR_TIMEOUT, "Cannot get a response within " + settings.timeoutMillis() + " ms", attempt);
      } catch (EOFException e) {
        last = failure(url, FetchResult.ERROR_TRUNCATED, "Cannot read whole body: " + e.getMessage(), attempt);
      } catch (IOException e) {
        String message = String.valueOf(e.getMessage());
        boolean truncated = message.contains("EOF") || message.contains("content-length") || message.contains("bytes received");
        last = failure(url, truncated ? FetchResult.ERROR_TRUNCATED : FetchResult.ERROR_IO,
            "Cannot fetch URL: " + e.getClass().getSimpleName() + ": " + message, attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failure(url, FetchResult.ERROR_IO, "Cannot fetch URL: interrupted", attempt);
      }
      if (attempt < settings.maxAttempts() && !sleepBeforeRetry(attempt, retryAfterMillis)) {
        break;
      }
    }
    return last;
  }

  private static FetchResult.Failed failure(String url, String errorClass, String message, int attempt) {
    return new FetchResult.Failed(url, errorClass, message, attempt, null, Instant.now());
  }

  private HttpRequest request(URI uri, String etag, String lastModified) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMillis(settings.timeoutMillis()))
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

  private static boolean retryable(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  /** Full jitter: sleep a random time in [base*2^(n-1)/2, base*2^(n-1)], or the server's Retry-After. */
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
    String key = settings.runId() + "|" + hostKey(uri);
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
    HostGate gate = HostGate.of(settings.runId(), hostKey(page) + "#robots", 1, 0);
    FetchResult result = fetchWithRetries(robotsUri, gate, null, null, false);
    if (result instanceof FetchResult.Fetched fetched) {
      return RobotsRules.parse(fetched.body(), settings.robotsToken());
    }
    FetchResult.Failed failed = (FetchResult.Failed) result;
    Integer status = failed.lastStatus();
    if (status != null && status >= 400 && status < 500) {
      return RobotsRules.allowAll();
    }
    return RobotsRules.disallowAll();
  }

  private static String hostKey(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
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
