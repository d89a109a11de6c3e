package dev.bookslake.sandbox;

import com.sun.net.httpserver.HttpServer;
import dev.bookslake.sandbox.internal.RequestLog;
import dev.bookslake.sandbox.internal.ShopHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sandbox bookshop over HTTP: the JDK's built-in server, one virtual thread per request,
 * serving the {@link Catalogue} with the real site's URLs and HTML.
 *
 * <pre>{@code
 * try (SandboxServer server = SandboxServer.start(SandboxConfig.builder().books(200).build())) {
 *   HttpClient client = HttpClient.newHttpClient();
 *   HttpResponse<String> home = client.send(
 *       HttpRequest.newBuilder(server.baseUri().resolve("index.html")).build(),
 *       HttpResponse.BodyHandlers.ofString());
 *   server.requests(); // [RequestRecord[at=..., method=GET, path=/index.html, status=200, ...]]
 * }
 * }</pre>
 */
public final class SandboxServer implements AutoCloseable {

  // The JDK's default backlog is small; a crawler benchmark opens many connections at once.
  private static final int BACKLOG = 1024;

  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  static {
    // The JDK server writes a response's headers and body separately, so with Nagle's algorithm
    // every answer on a kept-alive connection waits for the client's delayed ACK: ~40 ms a page
    // instead of ~1 ms. The switch is JVM-wide and read once, when the first server is created.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  private final Catalogue catalogue;
  private final HttpServer http;
  private final ExecutorService executor;
  private final RequestLog log;
  private final CountDownLatch closing;
  private final URI baseUri;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SandboxServer(
      Catalogue catalogue,
      HttpServer http,
      ExecutorService executor,
      RequestLog log,
      CountDownLatch closing,
      URI baseUri) {
    this.catalogue = catalogue;
    this.http = http;
    this.executor = executor;
    this.log = log;
    this.closing = closing;
    this.baseUri = baseUri;
  }

  /**
   * Builds the catalogue, binds and starts serving; returns once the port is listening.
   *
   * @throws UncheckedIOException when the address cannot be bound
   * @throws IllegalArgumentException when the malformed books do not fit the catalogue
   */
  public static SandboxServer start(SandboxConfig config) {
    Catalogue catalogue = new Catalogue(config.books(), config.seed(), config.malformed());
    RequestLog log = new RequestLog();
    CountDownLatch closing = new CountDownLatch(1);
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), BACKLOG);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start sandbox on " + config.host() + ":" + config.port(), e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    http.createContext("/", new ShopHandler(config, catalogue, log, closing));
    http.start();
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    URI baseUri = URI.create("http://" + host + ":" + http.getAddress().getPort() + "/");
    return new SandboxServer(catalogue, http, executor, log, closing, baseUri);
  }

  /** The site root, e.g. {@code http://127.0.0.1:43123/}. */
  public URI baseUri() {
    return baseUri;
  }

  /** The bound port (the ephemeral one when the config said 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  /** The catalogue being served. */
  public Catalogue catalogue() {
    return catalogue;
  }

  /**
   * Every request answered so far, in arrival order. A {@code timeout} request appears as soon as
   * its hold begins, with status 0.
   */
  public List<RequestRecord> requests() {
    return log.snapshot();
  }

  /**
   * The most requests this server was handling at the same moment, since it started or since {@link
   * #clearRequests()}: what a crawler's concurrency cap must bound.
   */
  public int maxConcurrentRequests() {
    return log.maxInFlight();
  }

  /** Forgets the requests recorded so far. */
  public void clearRequests() {
    log.clear();
  }

  /**
   * Stops at once: held (timeout) and delayed (slow) requests are released and their connections
   * dropped.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closing.countDown();
    http.stop(0);
    executor.shutdownNow();
  }
}
