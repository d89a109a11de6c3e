package dev.bookslake.serving;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.sentiment.Sentiment;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.serving.auth.Authenticator;
import dev.bookslake.serving.auth.LoginGuard;
import dev.bookslake.serving.auth.PasswordHasher;
import dev.bookslake.serving.auth.Role;
import dev.bookslake.serving.auth.Tokens;
import dev.bookslake.serving.auth.Users;
import dev.bookslake.serving.drift.DriftReports;
import dev.bookslake.serving.external.ExternalPredictions;
import dev.bookslake.serving.http.Bulkhead;
import dev.bookslake.serving.http.RateLimiter;
import dev.bookslake.serving.http.ResponseCache;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.metrics.Metrics;
import dev.bookslake.serving.metrics.PipelineStatus;
import dev.bookslake.serving.predict.InferenceLog;
import dev.bookslake.serving.predict.Predictions;
import dev.bookslake.serving.predict.ServingModels;
import dev.bookslake.serving.runs.Runs;
import dev.bookslake.serving.scraping.Jobs;
import dev.bookslake.serving.sentiment.SentimentScoring;
import dev.bookslake.serving.snapshot.HistoryTravel;
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
 * The long-lived parts of the server, built once from configuration: the snapshot store, the
 * history's time travel, metrics, rate limiter, users and tokens, the job runner, and the ML parts
 * (production models, inference log, external predictions, drift reports). {@link Main#routing}
 * wires them into routes; tests build their own from a {@link Config} of their choice.
 */
public final class Components implements AutoCloseable {
  private final SnapshotStore snapshots;
  private final Metrics metrics;
  private final RateLimiter limiter;
  private final Authenticator auth;
  private final Jobs jobs;
  private final RouteTable routes = new RouteTable();
  private final ResponseCache responseCache;
  private final Optional<String> demoCredentials;
  private final ServingModels models;
  private final InferenceLog inferenceLog;
  private final Predictions predictions;
  private final ExternalPredictions externalPredictions;
  private final DriftReports driftReports;
  private final HistoryTravel historyTravel;
  private final PipelineStatus pipelineStatus;
  private final Runs runs;
  private final SentimentScoring sentiment;

  private Components(
      SnapshotStore snapshots,
      RateLimiter limiter,
      Config authConfig,
      Optional<Tokens> tokens,
      Users users,
      Jobs jobs,
      Optional<String> demoCredentials,
      Config ml,
      ResponseCache responseCache,
      Duration pipelineRefresh) {
    this.snapshots = snapshots;
    this.responseCache = responseCache;
    this.metrics = new Metrics(snapshots);
    this.limiter = limiter;
    this.auth =
        new Authenticator(
            tokens,
            users,
            loginGuard(authConfig.get("login"), metrics),
            authConfig.get("session-max-age").as(Duration.class).get());
    this.jobs = jobs;
    this.demoCredentials = demoCredentials;
    Lake lake = snapshots.lake();
    this.models =
        new ServingModels(
            ModelRegistry.in(lake),
            FeatureContract.load(),
            ml.get("models").asList(String.class).get(),
            ml.get("reload-interval").as(Duration.class).get());
    this.inferenceLog =
        new InferenceLog(
            lake.root().resolve(ml.get("inference-log.dir").asString().get()),
            ml.get("inference-log.max-segment-bytes").asLong().get(),
            ml.get("inference-log.wait").as(Duration.class).get(),
            new InferenceLog.Limits(
                ml.get("inference-log.max-queued-bytes").asLong().get(),
                ml.get("inference-log.max-bytes-per-day").asLong().get(),
                ml.get("inference-log.retention-days").asInt().get()));
    this.predictions =
        new Predictions(
            models,
            inferenceLog,
            ml.get("max-batch").asInt().get(),
            metrics,
            new Bulkhead(
                "predict",
                Predictions.REFUSAL,
                ml.get("predict.max-concurrent").asInt().get(),
                ml.get("predict.wait").as(Duration.class).get(),
                metrics::shed));
    this.externalPredictions =
        new ExternalPredictions(
            lake.root().resolve(ml.get("external-predictions.dir").asString().get()),
            ml.get("external-predictions.max-rows").asInt().get());
    this.driftReports = new DriftReports(lake);
    this.historyTravel = new HistoryTravel(lake);
    this.runs = new Runs(lake);
    this.sentiment =
        new SentimentScoring(
            Sentiment.load(),
            ml.get("sentiment.max-batch").asInt().get(),
            ml.get("sentiment.max-chars").asInt().get());
    metrics.modelVersions(models::loadedVersions);
    this.pipelineStatus = new PipelineStatus(lake, driftReports, jobs, pipelineRefresh);
    metrics.pipeline(pipelineStatus);
  }

  /**
   * Builds every component from configuration (see {@code application.yaml} for the keys). {@link
   * Main#config} always layers the bundled {@code application.yaml} under the rest, so the defaults
   * live there only: a key it sets is read with {@code get()}, not given a second default here.
   *
   * @param demo generate a JWT secret and a random demo user for this process only
   */
  public static Components create(Config config, boolean demo) {
    Lake lake =
        config
            .get("lake.root")
            .asString()
            .map(Lake::open)
            .orElseGet(() -> Lake.at(Lake.defaultRoot()));
    SnapshotStore snapshots =
        new SnapshotStore(lake, config.get("lake.poll-interval").as(Duration.class).get());
    RateLimiter limiter =
        new RateLimiter(
            config.get("rate-limit.capacity").asInt().get(),
            config.get("rate-limit.refill-per-second").asDouble().get());

    Config authConfig = config.get("auth");
    Users users =
        Users.load(
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
      // The demo user is the operator of a try-out: it may promote models and trigger runs.
      users = users.withUser("demo", password, Role.ADMIN);
      credentials = Optional.of("demo / " + password);
    }
    Optional<Tokens> tokens =
        secret.map(
            s ->
                new Tokens(
                    s.getBytes(StandardCharsets.UTF_8),
                    authConfig.get("issuer").asString().get(),
                    authConfig.get("audience").asString().get(),
                    authConfig.get("access-ttl").as(Duration.class).get(),
                    authConfig.get("refresh-ttl").as(Duration.class).get(),
                    Clock.systemUTC()));

    return new Components(
        snapshots,
        limiter,
        authConfig,
        tokens,
        users,
        jobs(config.get("scraping"), lake),
        credentials,
        config.get("ml"),
        new ResponseCache(config.get("cache.max-bytes").asLong().get()),
        config.get("metrics.pipeline-refresh-interval").as(Duration.class).get());
  }

  private static LoginGuard loginGuard(Config login, Metrics metrics) {
    return new LoginGuard(
        new RateLimiter(
            login.get("per-client.capacity").asInt().get(),
            login.get("per-client.refill-per-second").asDouble().get()),
        new RateLimiter(
            login.get("per-username.capacity").asInt().get(),
            login.get("per-username.refill-per-second").asDouble().get()),
        new Bulkhead(
            "login-hash",
            "Cannot check a password now",
            login.get("max-concurrent-hashes").asInt().get(),
            login.get("hash-wait").as(Duration.class).get(),
            metrics::shed));
  }

  private static Jobs jobs(Config scraping, Lake lake) {
    Optional<Jobs.Airflow> airflow =
        scraping
            .get("airflow.base-url")
            .asString()
            .filter(s -> !s.isBlank())
            .map(
                url ->
                    new Jobs.Airflow(
                        URI.create(url),
                        scraping.get("airflow.username").asString().orElse("admin"),
                        scraping.get("airflow.password").asString().orElse(""),
                        scraping.get("airflow.dag-id").asString().orElse("bookslake_daily")));
    String home =
        Optional.ofNullable(System.getenv(Lake.HOME_ENV)).filter(s -> !s.isBlank()).orElse(".");
    return new Jobs(
        new Jobs.Settings(
            scraping.get("command").asList(String.class).orElse(List.of()),
            scraping.get("source").asString().orElse(null),
            lake.root(),
            Path.of(home).toAbsolutePath().normalize(),
            scraping.get("jobs-dir").asString().map(Path::of).orElse(lake.root().resolve("_jobs")),
            scraping.get("timeout").as(Duration.class).get(),
            airflow,
            Clock.systemDefaultZone(),
            scraping.get("log-lines").asInt().get()));
  }

  /** Loads the current snapshot and production models, and starts polling the lake for new ones. */
  public Components start() {
    snapshots.start();
    models.start();
    pipelineStatus.start();
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

  /** The production models serving predicts with. */
  public ServingModels models() {
    return models;
  }

  public InferenceLog inferenceLog() {
    return inferenceLog;
  }

  public Predictions predictions() {
    return predictions;
  }

  public ExternalPredictions externalPredictions() {
    return externalPredictions;
  }

  public DriftReports driftReports() {
    return driftReports;
  }

  /** Reads a book's history at another state of {@code silver.book_history} (time travel). */
  public HistoryTravel historyTravel() {
    return historyTravel;
  }

  /** The responses built from gold snapshots, within {@code cache.max-bytes}. */
  /** The VADER scorer of request bodies. */
  public SentimentScoring sentiment() {
    return sentiment;
  }

  public ResponseCache responseCache() {
    return responseCache;
  }

  /** Every route bound so far, as recorded while binding. */
  public RouteTable routes() {
    return routes;
  }

  /** Per dt, what the pipeline runs fetched, checked, wrote and took. */
  public Runs runs() {
    return runs;
  }

  /** "user / password" of the demo user, in {@code --demo} mode. */
  public Optional<String> demoCredentials() {
    return demoCredentials;
  }

  @Override
  public void close() {
    pipelineStatus.close();
    predictions.bound().close();
    auth.hashing().close();
    jobs.close();
    models.close();
    inferenceLog.close();
    driftReports.close();
    historyTravel.close();
    runs.close();
    snapshots.close();
  }
}
