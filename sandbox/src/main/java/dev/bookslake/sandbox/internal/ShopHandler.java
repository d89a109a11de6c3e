package dev.bookslake.sandbox.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.bookslake.sandbox.Catalogue;
import dev.bookslake.sandbox.RequestRecord;
import dev.bookslake.sandbox.SandboxConfig;
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
 * Answers every request: robots.txt, the shop's pages with ETag and Last-Modified, 404 for anything
 * else, and the faults the {@link FaultPlan} draws.
 *
 * <p>Order of decisions for a page: dead link (404) and huge page first, then the transient fault
 * draw, then the conditional check. So a conditional request can still time out or get a 500; a
 * fault that shapes the body ({@code truncate}, {@code trickle}, {@code huge}) on an answer without
 * a body (304 or HEAD) is answered normally and not recorded as a fault. The {@link Traps} routes
 * come before the shop's pages and get no faults.
 */
public final class ShopHandler implements HttpHandler {

  /** Day 0 of the catalogue, for Last-Modified: the real pages say they were created then. */
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
  private final Traps traps;
  private final RequestLog log;
  private final CountDownLatch closing;
  private final byte[] robots;

  public ShopHandler(
      SandboxConfig config, Catalogue catalogue, RequestLog log, CountDownLatch closing) {
    this.config = config;
    this.catalogue = catalogue;
    this.pages = new ShopPages(catalogue, config.day());
    this.faults = new FaultPlan(config.faults(), config.seed());
    this.traps = new Traps(catalogue, pages);
    this.log = log;
    this.closing = closing;
    this.robots = robotsTxt(config).getBytes(UTF_8);
  }

  @Override
  public void handle(HttpExchange exchange) {
    serve(exchange);
  }

  private void serve(HttpExchange exchange) {
    Headers request = exchange.getRequestHeaders();
    String ifNoneMatch = request.getFirst("If-None-Match");
    String ifModifiedSince = request.getFirst("If-Modified-Since");
    Reply reply = new Reply(exchange, ifNoneMatch != null || ifModifiedSince != null);
    try {
      exchange.getRequestBody().close();
      boolean head = reply.method.equals("HEAD");
      if (!head && !reply.method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply.send(405, NOT_ALLOWED, false, null);
        return;
      }
      if (reply.path.equals("/robots.txt")) {
        if (config.robots404()) {
          reply.send(404, NOT_FOUND, head, null);
        } else {
          reply.answer("text/plain", robots, 0, head, ifNoneMatch, ifModifiedSince, null, null);
        }
        return;
      }
      Traps.Answer trap = traps.answer(reply.path, exchange.getRequestURI().getRawQuery());
      if (trap != null) {
        if (trap.location() != null) {
          exchange.getResponseHeaders().set("Location", trap.location());
        }
        reply.send(trap.status(), trap.body(), head, null);
        return;
      }
      Route route = Route.resolve(reply.path, catalogue);
      if (route == null) {
        reply.send(404, NOT_FOUND, head, null);
        return;
      }
      FaultPlan.Decision decision = faults.next(reply.path, route instanceof Route.Product);
      String fault = decision.fault().label();
      switch (decision.fault()) {
        case DEAD_LINK -> reply.send(404, NOT_FOUND, head, fault);
        case TIMEOUT -> {
          // Filed before the hold so that a test (or a watching crawler) sees it while it lasts.
          reply.file(0, fault);
          pause(config.timeoutHoldMillis());
        }
        case ERROR_500 -> reply.send(500, SERVER_ERROR, head, fault);
        case ERROR_503 -> {
          exchange.getResponseHeaders().set("Retry-After", "1");
          reply.send(503, UNAVAILABLE, head, fault);
        }
        case SLOW -> {
          pause(config.slowMillis());
          page(reply, route, head, ifNoneMatch, ifModifiedSince, fault, null);
        }
        case TRUNCATE, TRICKLE, HUGE ->
            page(reply, route, head, ifNoneMatch, ifModifiedSince, fault, decision);
        case NONE -> page(reply, route, head, ifNoneMatch, ifModifiedSince, null, null);
      }
    } catch (IOException e) {
      // The client went away mid-answer; there is no one left to tell.
    } finally {
      // Closing an exchange whose answer was never started (timeout) or is short of its
      // Content-Length (truncate) makes the JDK server drop the connection, which is the fault.
      reply.leave();
      exchange.close();
      reply.file(0, null);
    }
  }

  private void page(
      Reply reply,
      Route route,
      boolean head,
      String ifNoneMatch,
      String ifModifiedSince,
      String fault,
      FaultPlan.Decision shape)
      throws IOException {
    ShopPages.Page page = pages.render(route);
    reply.answer(
        "text/html",
        page.html().getBytes(UTF_8),
        page.lastChangeDay(),
        head,
        ifNoneMatch,
        ifModifiedSince,
        fault,
        shape);
  }

  /**
   * One request's answer. It files the request's record just before the answer goes out, so a
   * client that has read an answer always finds its record in {@code requests()}.
   *
   * <p>The request counts as being handled ({@link RequestLog#enter()}) from its arrival until just
   * before the write that completes its answer: a client cannot have read the whole answer, and so
   * cannot have started its next request, before then. Counting until the handler returned let a
   * crawler's next request overlap the tail of this one and showed one request more in flight than
   * the crawler ever had.
   */
  private final class Reply {

    private final HttpExchange exchange;
    private final Instant at = Instant.now();
    private final long ticket = log.arrive();
    private final String method;
    private final String path;
    private final boolean conditional;
    private boolean filed;
    private boolean left;

    Reply(HttpExchange exchange, boolean conditional) {
      this.exchange = exchange;
      this.method = exchange.getRequestMethod();
      this.path = exchange.getRequestURI().getRawPath();
      this.conditional = conditional;
      log.enter();
    }

    // Only the first call counts, as with file().
    void leave() {
      if (!left) {
        left = true;
        log.leave();
      }
    }

    // Only the first call counts: later ones (the safety net in handle's finally) do nothing.
    void file(int status, String fault) {
      if (!filed) {
        filed = true;
        log.record(ticket, new RequestRecord(at, method, path, status, fault, conditional));
      }
    }

    void send(int status, byte[] body, boolean head, String fault) throws IOException {
      exchange.getResponseHeaders().set("Content-Type", "text/html");
      file(status, fault);
      if (head) {
        exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
        leave();
        exchange.sendResponseHeaders(status, -1);
      } else {
        exchange.sendResponseHeaders(status, body.length);
        leave();
        exchange.getResponseBody().write(body);
      }
    }

    // A non-null shape (truncate, trickle, huge) changes a 200 body; without a body (304, HEAD)
    // it is no fault.
    void answer(
        String contentType,
        byte[] body,
        int lastChangeDay,
        boolean head,
        String ifNoneMatch,
        String ifModifiedSince,
        String fault,
        FaultPlan.Decision shape)
        throws IOException {
      Headers headers = exchange.getResponseHeaders();
      String etag = '"' + HexFormat.of().toHexDigits(Hashes.ofBytes(body)) + '"';
      Instant modified = BASE_INSTANT.plus(lastChangeDay, ChronoUnit.DAYS);
      headers.set("Content-Type", contentType);
      headers.set("ETag", etag);
      headers.set("Last-Modified", HTTP_DATE.format(modified));
      if (notModified(ifNoneMatch, ifModifiedSince, etag, modified)) {
        file(304, shape != null ? null : fault);
        leave();
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      if (head) {
        file(200, shape != null ? null : fault);
        headers.set("Content-Length", Integer.toString(body.length));
        leave();
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      file(200, fault);
      FaultPlan.Fault kind = shape == null ? FaultPlan.Fault.NONE : shape.fault();
      long length = kind == FaultPlan.Fault.HUGE ? BodyShapes.HUGE_BYTES : body.length;
      exchange.sendResponseHeaders(200, length);
      OutputStream out = exchange.getResponseBody();
      switch (kind) {
        case TRUNCATE -> {
          // Cut between a fifth and four fifths of the body: always well before </html>.
          double fraction = 0.2 + 0.6 * Hashes.unit(Hashes.mix64(shape.hash()));
          out.write(body, 0, (int) (body.length * fraction));
          out.flush();
        }
        case TRICKLE ->
            BodyShapes.writeTrickle(out, body, config.slowMillis(), ShopHandler.this::pause);
        case HUGE -> BodyShapes.writeHuge(out, body);
        default -> {
          leave();
          out.write(body);
        }
      }
    }
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
      BigDecimal seconds = BigDecimal.valueOf(config.crawlDelaySeconds()).stripTrailingZeros();
      text.append("Crawl-delay: ").append(seconds.toPlainString()).append('\n');
    }
    return text.toString();
  }

  // The nginx error page the real site's server answers with.
  private static byte[] errorPage(String title) {
    return ("<html>\r\n<head><title>"
            + title
            + "</title></head>\r\n<body bgcolor=\"white\">\r\n"
            + "<center><h1>"
            + title
            + "</h1></center>\r\n<hr><center>nginx</center>\r\n"
            + "</body>\r\n</html>\r\n")
        .getBytes(UTF_8);
  }
}
