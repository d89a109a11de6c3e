package dev.bookslake.pipelines.sandbox.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.bookslake.pipelines.sandbox.Catalogue;
import dev.bookslake.pipelines.sandbox.RequestRecord;
import dev.bookslake.pipelines.sandbox.SandboxConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Answers every request: robots.txt, the shop's pages with ETag and Last-Modified, 404 for
 * anything else, and the faults the {@link FaultPlan} draws.
 *
 * <p>Order of decisions for a page: dead link (404) first, then the transient fault draw, then
 * the conditional check. So a conditional request can still time out or get a 500; a
 * {@code truncate} draw on an answer without a body (304 or HEAD) is answered whole and not
 * recorded as a fault.
 */
public final class ShopHandler implements HttpHandler {

  /** Day 0 of the catalogue, for Last-Modified: the real site's pages say they were created then. */
  public static final Instant BASE_INSTANT = Instant.parse("2016-06-24T09:29:00Z");

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private static final byte[] NOT_FOUND = errorPage("404 Not Found");
  private static final byte[] SERVER_ERROR = errorPage("500 Internal Server Error");
  private static final byte[] UNAVAILABLE = errorPage("503 Service Temporarily Unavailable");
  private static final byte[] NOT_ALLOWED = errorPage("405 Not Allowed");

  private final SandboxConfig config;
  private final Catalogue catalogue;
  private final ShopPages pages;
  private final FaultPlan faults;
  private final RequestLog log;
  private final CountDownLatch closing;
  private final byte[] robots;

  public ShopHandler(
      SandboxConfig config, Catalogue catalogue, RequestLog log, CountDownLatch closing) {
    this.config = config;
    this.catalogue = catalogue;
    this.pages = new ShopPages(catalogue, config.day());
    this.faults = new FaultPlan(config.faults(), config.seed());
    this.log = log;
    this.closing = closing;
    this.robots = robotsTxt(config).getBytes(UTF_8);
  }

  @Override
  public void handle(HttpExchange exchange) {
    Instant at = Instant.now();
    long ticket = log.arrive();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Headers request = exchange.getRequestHeaders();
    String ifNoneMatch = request.getFirst("If-None-Match");
    String ifModifiedSince = request.getFirst("If-Modified-Since");
    boolean conditional = ifNoneMatch != null || ifModifiedSince != null;
    int status = 0;
    String fault = null;
    boolean recorded = false;
    try {
      exchange.getRequestBody().close();
      boolean head = method.equals("HEAD");
      if (!head && !method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        status = send(exchange, 405, NOT_ALLOWED, false);
        return;
      }
      if (path.equals("/robots.txt")) {
        status = config.robots404()
            ? send(exchange, 404, NOT_FOUND, head)
            : answer(exchange, "text/plain", robots, 0, head, ifNoneMatch, ifModifiedSince, null);
        return;
      }
      Route route = Route.resolve(path, catalogue);
      if (route == null) {
        status = send(exchange, 404, NOT_FOUND, head);
        return;
      }
      FaultPlan.Decision decision = faults.next(path, route instanceof Route.Product);
      fault = decision.fault().label();
      switch (decision.fault()) {
        case DEAD_LINK -> status = send(exchange, 404, NOT_FOUND, head);
        case TIMEOUT -> {
          // Filed before the hold so that a test (or a watching crawler) sees it while it lasts.
          log.record(ticket, new RequestRecord(at, method, path, 0, fault, conditional));
          recorded = true;
          pause(config.timeoutHoldMillis());
        }
        case ERROR_500 -> status = send(exchange, 500, SERVER_ERROR, head);
        case ERROR_503 -> {
          exchange.getResponseHeaders().set("Retry-After", "1");
          status = send(exchange, 503, UNAVAILABLE, head);
        }
        case SLOW -> {
          pause(config.slowMillis());
          status = page(exchange, route, head, ifNoneMatch, ifModifiedSince, null);
        }
        case TRUNCATE -> {
          status = page(exchange, route, head, ifNoneMatch, ifModifiedSince, decision);
          if (status != 200 || head) {
            fault = null;
          }
        }
        case NONE -> status = page(exchange, route, head, ifNoneMatch, ifModifiedSince, null);
      }
    } catch (IOException e) {
      // The client went away mid-answer; there is no one left to tell.
    } finally {
      // Closing an exchange whose answer was never started (timeout) or is short of its
      // Content-Length (truncate) makes the JDK server drop the connection, which is the fault.
      exchange.close();
      if (!recorded) {
        log.record(ticket, new RequestRecord(at, method, path, status, fault, conditional));
      }
    }
  }

  private int page(
      HttpExchange exchange,
      Route route,
      boolean head,
      String ifNoneMatch,
      String ifModifiedSince,
      FaultPlan.Decision truncation)
      throws IOException {
    ShopPages.Page page = pages.render(route);
    return answer(exchange, "text/html", page.html().getBytes(UTF_8), page.lastChangeDay(), head,
        ifNoneMatch, ifModifiedSince, truncation);
  }

  // A non-null truncation cuts the body short.
  private int answer(
      HttpExchange exchange,
      String contentType,
      byte[] body,
      int lastChangeDay,
      boolean head,
      String ifNoneMatch,
      String ifModifiedSince,
      FaultPlan.Decision truncation)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    String etag = '"' + HexFormat.of().toHexDigits(Hashes.ofBytes(body)) + '"';
    Instant modified = BASE_INSTANT.plus(lastChangeDay, ChronoUnit.DAYS);
    headers.set("Content-Type", contentType);
    headers.set("ETag", etag);
    headers.set("Last-Modified", HTTP_DATE.format(modified));
    if (notModified(ifNoneMatch, ifModifiedSince, etag, modified)) {
      exchange.sendResponseHeaders(304, -1);
      return 304;
    }
    if (head) {
      headers.set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(200, -1);
      return 200;
    }
    exchange.sendResponseHeaders(200, body.length);
    OutputStream out = exchange.getResponseBody();
    if (truncation != null) {
      // Cut between a fifth and four fifths of the body: always well before </html>.
      double fraction = 0.2 + 0.6 * Hashes.unit(Hashes.mix64(truncation.hash()));
      out.write(body, 0, (int) (body.length * fraction));
      out.flush();
      return 200;
    }
    out.write(body);
    return 200;
  }

  private static int send(HttpExchange exchange, int status, byte[] body, boolean head)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/html");
    if (head) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(status, -1);
    } else {
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
    return status;
  }

  // RFC 9110: If-None-Match wins; If-Modified-Since counts only without it.
  static boolean notModified(
      String ifNoneMatch, String ifModifiedSince, String etag, Instant modified) {
    if (ifNoneMatch != null) {
      for (String tag : ifNoneMatch.split(",")) {
        String candidate = tag.strip();
        if (candidate.equals("*")) {
          return true;
        }
        if (candidate.startsWith("W/")) {
          candidate = candidate.substring(2);
        }
        if (candidate.equals(etag)) {
          return true;
        }
      }
      return false;
    }
    if (ifModifiedSince != null) {
      try {
        Instant since =
            ZonedDateTime.parse(ifModifiedSince.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant();
        return !since.isBefore(modified);
      } catch (DateTimeParseException e) {
        return false;
      }
    }
    return false;
  }

  // Returns early when the server closes, so that close() never waits for a held connection.
  private void pause(long millis) {
    try {
      closing.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String robotsTxt(SandboxConfig config) {
    StringBuilder text = new StringBuilder("User-agent: *\n");
    if (config.disallow().isEmpty()) {
      text.append("Disallow:\n");
    }
    for (String path : config.disallow()) {
      text.append("Disallow: ").append(path).append('\n');
    }
    if (config.crawlDelaySeconds() > 0) {
      text.append("Crawl-delay: ")
          .append(BigDecimal.valueOf(config.crawlDelaySeconds()).stripTrailingZeros().toPlainString())
          .append('\n');
    }
    return text.toString();
  }

  // The nginx error page the real site's server answers with.
  private static byte[] errorPage(String title) {
    return ("<html>\r\n<head><title>" + title + "</title></head>\r\n<body bgcolor=\"white\">\r\n"
            + "<center><h1>" + title + "</h1></center>\r\n<hr><center>nginx</center>\r\n"
            + "</body>\r\n</html>\r\n")
        .getBytes(UTF_8);
  }
}
