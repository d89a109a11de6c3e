package dev.bookslake.serving.http;

import dev.bookslake.serving.metrics.Metrics;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import dev.bookslake.serving.snapshot.SnapshotStore;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Set;

/**
 * What every request goes through: the per-client rate limit, holding one gold snapshot for the
 * request's whole life (so no response mixes two snapshots), the {@code X-Bookslake-Snapshot}
 * header, and, once the response is sent, the metrics and one structured access-log line. Metric
 * labels are route templates and standard method names only (any other method is {@code other}),
 * and the access log quotes the path and method with {@link ClientText#quote}: neither grows with
 * what a client sends.
 */
public final class RequestFilter implements Filter {
  /** The logger of the access log: one line per request. */
  public static final String ACCESS_LOG = "bookslake.access";

  private static final System.Logger ACCESS = System.getLogger(ACCESS_LOG);
  private static final String UNMATCHED = "unmatched";
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

  private final SnapshotStore snapshots;
  private final RateLimiter limiter;
  private final Metrics metrics;
  private final Set<String> unlimited;

  /**
   * @param unlimited paths exempt from the rate limit (probes and metrics scrapes)
   */
  public RequestFilter(
      SnapshotStore snapshots, RateLimiter limiter, Metrics metrics, Set<String> unlimited) {
    this.snapshots = snapshots;
    this.limiter = limiter;
    this.metrics = metrics;
    this.unlimited = Set.copyOf(unlimited);
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    long start = System.nanoTime();
    String client = client(req);
    GoldSnapshot snapshot = snapshots.acquire();
    String dt = snapshot == null ? "-" : snapshot.dt().toString();
    res.whenSent(() -> finished(req, res.status().code(), start, dt, client));
    try {
      if (limiter.enabled() && !unlimited.contains(req.prologue().uriPath().path())) {
        long wait = limiter.acquire(client);
        if (wait > 0) {
          metrics.rateLimited();
          throw ProblemException.tooManyRequests(client, wait);
        }
      }
      if (snapshot != null) {
        req.context().register(snapshot);
        res.header(Responses.SNAPSHOT, dt);
      }
      chain.proceed();
    } finally {
      if (snapshot != null) {
        snapshot.release();
      }
    }
  }

  private void finished(ServerRequest req, int status, long start, String dt, String client) {
    long nanos = System.nanoTime() - start;
    String method = req.prologue().method().text();
    metrics.record(METHODS.contains(method) ? method : "other", route(req), status, nanos);
    if (ACCESS.isLoggable(Level.INFO)) {
      String query = req.query().rawValue();
      String path =
          req.prologue().uriPath().rawPath()
              + (query == null || query.isEmpty() ? "" : "?" + query);
      ACCESS.log(
          Level.INFO,
          "method={0} path={1} status={2} duration_ms={3} snapshot={4} client={5}",
          ClientText.quote(method),
          ClientText.quote(path),
          Integer.toString(status),
          String.format(Locale.ROOT, "%.3f", nanos / 1e6),
          dt,
          client);
    }
  }

  private static String route(ServerRequest req) {
    String pattern = req.matchingPattern().orElse("");
    if (pattern.isEmpty()) {
      return UNMATCHED;
    }
    return pattern.length() > 1 && pattern.endsWith("/")
        ? pattern.substring(0, pattern.length() - 1)
        : pattern;
  }

  /** The client of a request: its TCP peer's IP address (a forwarded-for header is not trusted). */
  public static String client(ServerRequest req) {
    SocketAddress address = req.remotePeer().address();
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return String.valueOf(address);
  }
}
