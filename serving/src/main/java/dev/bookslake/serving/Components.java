package dev.bookslake.serving;

import dev.bookslake.lake.Lake;
import dev.bookslake.serving.auth.Authenticator;
import dev.bookslake.serving.auth.PasswordHasher;
import dev.bookslake.serving.auth.Tokens;
import dev.bookslake.serving.auth.Users;
import dev.bookslake.serving.internal.RateLimiter;
import dev.bookslake.serving.internal.RouteTable;
import dev.bookslake.serving.metrics.Metrics;
import dev.bookslake.serving.scraping.Jobs;
import dev.bookslake.serving.snapshot.SnapshotStore;
import io.helidon.config.Config;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The long-lived parts of the server, built once from configuration: the snapshot store, metrics,
 * rate limiter, users and tokens, and the job runner. {@link Main#routing} wires them into routes;
 * tests build their own from a {@link Config} of their choice.
 */
public final class Components implements AutoCloseable {
  private final SnapshotStore snapshots;
  private final Metrics metrics;
  private final RateLimiter limiter;
  private final Authenticator auth;
  private final Jobs jobs;
  private final RouteTable routes = new RouteTable();
  private final Optional<String> demoCredentials;

  private Components(
      SnapshotStore snapshots, RateLimiter limiter, Authenticator auth, Jobs jobs, Optional<String> demoCredentials) {
    this.snapshots = snapshots;
    this.metrics = new Metrics(snapshots);
    this.limiter = limiter;
    this.auth = auth;
    this.jobs = jobs;
    this.demoCredentials = demoCredentials;
  }

  /**
   * Builds every component from configuration (see {@code application.yaml} for the keys).
   *
   * @param demo generate a JWT secret and a random demo user for this process only
   */
  public static Components create(Config config, boolean demo) {
    Lake lake = config.get("lake.root").asString().map(Lake::open).orElseGet(() -> Lake.at(Lake.defaultRoot()));
    SnapshotStore snapshots = new SnapshotStore(
        lake, config.get("lake.poll-interval").as(Duration.class).orElse(Duration.ofSeconds(5)));
    RateLimiter limiter = new RateLimiter(
        config.get("rate-limit.capacity").asInt().orElse(200),
        config.get("rate-limit.refill-per-second").asDouble().orElse(100.0));

    Config authConfig = config.get("auth");
    Users users = Users.load(
        authConfig.get("users-file").asString().map(Path::of).orElse(null),
        authConfig.get("users").asString().orElse(null));
    Optional<String> secret = authConfig.get("jwt-secret").asString().filter(s -> !s.isBlank());
    Optional<String> credentials = Optional.empty();
    if (demo) {
      if (secret.isEmpty()) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        secret = Optional.of(Base64.getEncoder().encodeToString(random));
      }
      String password = PasswordHasher.randomPassword();
      users = users.withUser("demo", password);
      credentials = Optional.of("demo / " + password);
    }
    Optional<Tokens> tokens = secret.map(s -> new Tokens(
        s.getBytes(StandardCharsets.UTF_8),
        authConfig.get("issuer").asString().orElse("bookslake"),
        authConfig.get("audience").asString().orElse("bookslake-api"),
        authConfig.get("access-ttl").as(Duration.class).orElse(Duration.ofMinutes(15)),
        authConfig.get("refresh-ttl").as(Duration.class).orElse(Duration.ofHours(12)),
        Clock.systemUTC()));

    return new Components(snapshots, limiter, new Authenticator(tokens, users), jobs(config.get("scraping"), lake),
        credentials);
  }

  private static Jobs jobs(Config scraping, Lake lake) {
    Optional<Jobs.Airflow> airflow = scraping.get("airflow.base-url").asString().filter(s -> !s.isBlank())
        .map(url -> new Jobs.Airflow(
            URI.create(url),
            scraping.get("airflow.username").asString().orElse("admin"),
            scraping.get("airflow.password").asString().orElse(""),
            scraping.get("airflow.dag-id").asString().orElse("bookslake_daily")));
    String home = Optional.ofNullable(System.getenv(Lake.HOME_ENV)).filter(s -> !s.isBlank()).orElse(".");
    return new Jobs(new Jobs.Settings(
        scraping.get("command").asList(String.class).orElse(List.of()),
        scraping.get("source").asString().orElse(null),
        lake.root(),
        Path.of(home).toAbsolutePath().normalize(),
        scraping.get("jobs-dir").asString().map(Path::of).orElse(lake.root().resolve("_jobs")),
        scraping.get("timeout").as(Duration.class).orElse(Duration.ofHours(2)),
        airflow,
        Clock.systemDefaultZone(),
        scraping.get("log-lines").asInt().orElse(20)));
  }

  /** Loads the current snapshot and starts polling the lake. */
  public Components start() {
    snapshots.start();
    return this;
  }

  public SnapshotStore snapshots() {
    return snapshots;
  }

  public Metrics metrics() {
    return metrics;
  }

  public RateLimiter limiter() {
    return limiter;
  }

  public Authenticator auth() {
    return auth;
  }

  public Jobs jobs() {
    return jobs;
  }

  /** Every route bound so far, as recorded while binding. */
  public RouteTable routes() {
    return routes;
  }

  /** "user / password" of the demo user, in {@code --demo} mode. */
  public Optional<String> demoCredentials() {
    return demoCredentials;
  }

  @Override
  public void close() {
    jobs.close();
    snapshots.close();
  }
}
