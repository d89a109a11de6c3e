package dev.bookslake.sandbox;

import java.util.List;
import java.util.Objects;

/**
 * Everything that shapes a sandbox bookshop: where it listens, the catalogue (size, seed, day,
 * malformed books), robots.txt, and the injected faults.
 *
 * <p>The same config serves byte-identical pages on every start.
 *
 * <pre>{@code
 * SandboxConfig config = SandboxConfig.builder().books(5000).day(3)
 *     .faults(FaultSpec.parse("503=0.02")).build();
 * try (SandboxServer server = SandboxServer.start(config)) {
 *   System.out.println(server.baseUri());
 * }
 * }</pre>
 *
 * @param host address to bind, 127.0.0.1 by default
 * @param port port to bind; 0 picks a free one
 * @param books how many books, ids 1..books
 * @param seed seed every generated value derives from
 * @param day catalogue day; each day after 0 changes the price or stock of about 3% of books
 * @param faults injected fault rates
 * @param malformed how many books carry each data defect
 * @param crawlDelaySeconds robots.txt {@code Crawl-delay}; 0 writes no such line
 * @param disallow robots.txt {@code Disallow} paths
 * @param robots404 answer 404 for robots.txt, as the real site does
 * @param timeoutHoldMillis how long a {@code timeout} fault holds the connection
 * @param slowMillis how long a {@code slow} fault delays the answer, and a {@code trickle} fault
 *     takes to send its body
 */
public record SandboxConfig(
    String host,
    int port,
    int books,
    long seed,
    int day,
    FaultSpec faults,
    MalformedSpec malformed,
    double crawlDelaySeconds,
    List<String> disallow,
    boolean robots404,
    long timeoutHoldMillis,
    long slowMillis) {

  public SandboxConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(malformed, "malformed");
    disallow = List.copyOf(Objects.requireNonNull(disallow, "disallow"));
    if (host.isBlank()) {
      throw new IllegalArgumentException("Cannot configure sandbox with host: '" + host + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Cannot configure sandbox with port: " + port);
    }
    if (books < 1) {
      throw new IllegalArgumentException("Cannot configure sandbox with books: " + books);
    }
    if (day < 0) {
      throw new IllegalArgumentException("Cannot configure sandbox with day: " + day);
    }
    if (!(crawlDelaySeconds >= 0) || Double.isInfinite(crawlDelaySeconds)) {
      throw new IllegalArgumentException(
          "Cannot configure sandbox with crawl delay: " + crawlDelaySeconds);
    }
    if (timeoutHoldMillis < 0) {
      throw new IllegalArgumentException(
          "Cannot configure sandbox with timeout hold: " + timeoutHoldMillis);
    }
    if (slowMillis < 0) {
      throw new IllegalArgumentException("Cannot configure sandbox with slow delay: " + slowMillis);
    }
    for (String path : disallow) {
      if (path == null || !path.startsWith("/") || path.contains("\n") || path.contains("\r")) {
        throw new IllegalArgumentException("Cannot configure sandbox with disallow path: " + path);
      }
    }
  }

  /**
   * 127.0.0.1 on a free port, 1000 books, seed 42, day 0, no faults, nothing malformed, no
   * Crawl-delay, {@code Disallow: /private/}, robots.txt served, timeouts held 30 s, slow answers
   * delayed 500 ms.
   */
  public static SandboxConfig defaults() {
    return new SandboxConfig(
        "127.0.0.1",
        0,
        1000,
        42L,
        0,
        FaultSpec.none(),
        MalformedSpec.none(),
        0.0,
        List.of("/private/"),
        false,
        30_000L,
        500L);
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Names each setting of a {@link SandboxConfig}; {@link #build()} checks them all at once and
   * throws what the record's constructor throws.
   */
  public static final class Builder {
    private String host;
    private int port;
    private int books;
    private long seed;
    private int day;
    private FaultSpec faults;
    private MalformedSpec malformed;
    private double crawlDelaySeconds;
    private List<String> disallow;
    private boolean robots404;
    private long timeoutHoldMillis;
    private long slowMillis;

    private Builder(SandboxConfig from) {
      host = from.host;
      port = from.port;
      books = from.books;
      seed = from.seed;
      day = from.day;
      faults = from.faults;
      malformed = from.malformed;
      crawlDelaySeconds = from.crawlDelaySeconds;
      disallow = from.disallow;
      robots404 = from.robots404;
      timeoutHoldMillis = from.timeoutHoldMillis;
      slowMillis = from.slowMillis;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder books(int books) {
      this.books = books;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder day(int day) {
      this.day = day;
      return this;
    }

    public Builder faults(FaultSpec faults) {
      this.faults = faults;
      return this;
    }

    public Builder malformed(MalformedSpec malformed) {
      this.malformed = malformed;
      return this;
    }

    public Builder crawlDelaySeconds(double crawlDelaySeconds) {
      this.crawlDelaySeconds = crawlDelaySeconds;
      return this;
    }

    public Builder disallow(List<String> disallow) {
      this.disallow = disallow;
      return this;
    }

    public Builder robots404(boolean robots404) {
      this.robots404 = robots404;
      return this;
    }

    public Builder timeoutHoldMillis(long timeoutHoldMillis) {
      this.timeoutHoldMillis = timeoutHoldMillis;
      return this;
    }

    public Builder slowMillis(long slowMillis) {
      this.slowMillis = slowMillis;
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException "Cannot configure sandbox with books: 0" and the like
     */
    public SandboxConfig build() {
      return new SandboxConfig(
          host,
          port,
          books,
          seed,
          day,
          faults,
          malformed,
          crawlDelaySeconds,
          disallow,
          robots404,
          timeoutHoldMillis,
          slowMillis);
    }
  }
}
