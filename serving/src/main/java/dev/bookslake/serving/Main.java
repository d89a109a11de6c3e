package dev.bookslake.serving;

import dev.bookslake.serving.auth.AuthService;
import dev.bookslake.serving.auth.HashPasswordCommand;
import dev.bookslake.serving.books.BooksService;
import dev.bookslake.serving.categories.CategoriesService;
import dev.bookslake.serving.docs.DocsService;
import dev.bookslake.serving.drift.DriftService;
import dev.bookslake.serving.external.ExternalPredictionsService;
import dev.bookslake.serving.health.HealthService;
import dev.bookslake.serving.http.Bodies;
import dev.bookslake.serving.http.Fallback;
import dev.bookslake.serving.http.RequestFilter;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.metrics.MetricsService;
import dev.bookslake.serving.mldata.MlDataService;
import dev.bookslake.serving.models.ModelsService;
import dev.bookslake.serving.predict.PredictService;
import dev.bookslake.serving.problem.ProblemHandlers;
import dev.bookslake.serving.scraping.ScrapingService;
import dev.bookslake.serving.stats.StatsService;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.DirectHandler;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts the bookslake API: Helidon 4 SE over the current gold snapshot of a lake.
 *
 * <pre>
 * java -jar serving/target/bookslake-serving.jar --lake lake/warehouse --port 8080
 * java -jar serving/target/bookslake-serving.jar --lake demo-lake --demo        # random secret + demo user
 * java -jar serving/target/bookslake-serving.jar hash-password alice            # a users-file line
 * </pre>
 *
 * <p>Configuration, highest precedence first: command-line options, {@code BOOKSLAKE_*}
 * environment variables, {@code --config FILE}, then the bundled {@code application.yaml}.
 */
public final class Main {
  /** Paths the rate limit never applies to: probes and metrics scrapes. */
  static final Set<String> UNLIMITED = Set.of("/api/v1/health", "/api/v1/ready", "/api/v1/metrics");

  /** Environment variables and the configuration keys they set. */
  static final Map<String, String> ENV_KEYS = new LinkedHashMap<>();

  static {
    ENV_KEYS.put("BOOKSLAKE_LAKE", "lake.root");
    ENV_KEYS.put("BOOKSLAKE_PORT", "server.port");
    ENV_KEYS.put("BOOKSLAKE_HOST", "server.host");
    ENV_KEYS.put("BOOKSLAKE_JWT_SECRET", "auth.jwt-secret");
    ENV_KEYS.put("BOOKSLAKE_USERS_FILE", "auth.users-file");
    ENV_KEYS.put("BOOKSLAKE_USERS", "auth.users");
    ENV_KEYS.put("BOOKSLAKE_SOURCE", "scraping.source");
    ENV_KEYS.put("BOOKSLAKE_AIRFLOW_URL", "scraping.airflow.base-url");
    ENV_KEYS.put("BOOKSLAKE_AIRFLOW_USERNAME", "scraping.airflow.username");
    ENV_KEYS.put("BOOKSLAKE_AIRFLOW_PASSWORD", "scraping.airflow.password");
  }

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("hash-password")) {
      System.exit(HashPasswordCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    LogConfig.configureRuntime();
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      usage(System.err);
      System.exit(2);
      return;
    }
    if (options.help()) {
      usage(System.out);
      return;
    }
    try {
      serve(config(options.overrides(), options.configFile(), System.getenv()), options.demo());
    } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
      System.err.println("bookslake serve: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Starts the server and prints where it listens; returns the running server. */
  static WebServer serve(Config config, boolean demo) {
    Components components = Components.create(config, demo).start();
    WebServer server = WebServer.builder()
        .host(config.get("server.host").asString().get())
        .port(config.get("server.port").asInt().get())
        .update(b -> server(b))
        .routing(r -> routing(r, components))
        .build()
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      components.close();
    }, "bookslake-shutdown"));
    String dt = components.snapshots().peek().map(s -> s.dt().toString()).orElse("none");
    System.out.println("bookslake API serving " + components.snapshots().lake().root() + " (gold dt=" + dt
        + ") at http://127.0.0.1:" + server.port() + "/api/v1");
    if (!components.auth().enabled()) {
      System.out.println("Authentication is off: set BOOKSLAKE_JWT_SECRET (32+ bytes) to enable login and protected routes.");
    }
    components.demoCredentials().ifPresent(c ->
        System.out.println("Demo mode: log in as " + c + " (a random user and JWT secret for this process only)"));
    return server;
  }

  /** Server-level settings: the 1 MiB body limit, problem+json for protocol-level errors, TCP_NODELAY. */
  static void server(WebServerConfig.BuilderBase<?, ?> builder) {
    DirectHandler problems = ProblemHandlers.directHandler(Bodies.MAX_BYTES);
    DirectHandlers.Builder handlers = DirectHandlers.builder();
    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
      handlers.addHandler(type, problems);
    }
    builder.maxPayloadSize(Bodies.MAX_BYTES)
        .directHandlers(handlers.build())
        // Without TCP_NODELAY a response written in two segments waits for the client's delayed
        // ACK (40 ms on Linux) on keep-alive connections: measured 700 req/s instead of thousands.
        .connectionOptions(o -> o.tcpNoDelay(true))
        .writeBufferSize(16 * 1024);
  }

  /** The single place where routes are wired; the tests reuse it. */
  static void routing(HttpRouting.Builder routing, Components c) {
    RouteTable routes = c.routes();
    ProblemHandlers.register(routing);
    routing
        .addFilter(new RequestFilter(c.snapshots(), c.limiter(), c.metrics(), UNLIMITED))
        .register(HealthService.PATH, new HealthService(routes, c.models()))
        .register(BooksService.PATH, new BooksService(routes, c.responseCache()))
        .register(CategoriesService.PATH, new CategoriesService(routes, c.responseCache()))
        .register(StatsService.PATH, new StatsService(routes, c.responseCache()))
        .register(MlDataService.PATH, new MlDataService(routes, c.responseCache()))
        .register(PredictService.PATH, new PredictService(routes, c.predictions()))
        .register(ModelsService.PATH, new ModelsService(routes, c.auth(), c.models()))
        .register(ExternalPredictionsService.PATH, new ExternalPredictionsService(routes, c.auth(), c.externalPredictions()))
        .register(DriftService.PATH, new DriftService(routes, c.driftReports()))
        .register(AuthService.PATH, new AuthService(routes, c.auth()))
        .register(ScrapingService.PATH, new ScrapingService(routes, c.auth(), c.jobs()))
        .register(MetricsService.PATH, new MetricsService(routes, c.metrics()))
        .register(DocsService.PATH, new DocsService(routes))
        .any(new Fallback(routes));
  }

  /** Configuration from command-line overrides, the environment, an optional file and the defaults. */
  static Config config(Map<String, String> overrides, Path file, Map<String, String> env) {
    Map<String, String> fromEnv = new LinkedHashMap<>();
    ENV_KEYS.forEach((var, key) -> {
      String v = env.get(var);
      if (v != null && !v.isBlank()) {
        fromEnv.put(key, v);
      }
    });
    Config.Builder builder = Config.builder()
        .disableEnvironmentVariablesSource()
        .disableSystemPropertiesSource()
        .disableValueResolving()
        .addSource(ConfigSources.create(overrides).name("command line"))
        .addSource(ConfigSources.create(fromEnv).name("environment"));
    if (file != null) {
      builder.addSource(ConfigSources.file(file));
    }
    return builder.addSource(ConfigSources.classpath("application.yaml")).build();
  }

  private static void usage(PrintStream out) {
    out.println("Usage: java -jar bookslake-serving.jar [--lake DIR] [--port N] [--host ADDR] [--config FILE] [--demo]");
    out.println("       java -jar bookslake-serving.jar hash-password [--iterations N] USERNAME");
    out.println("Environment: " + String.join(", ", ENV_KEYS.keySet()));
  }

  /** Parsed command-line options. */
  record Options(Map<String, String> overrides, Path configFile, boolean demo, boolean help) {
    static Options parse(String[] args) {
      Map<String, String> overrides = new LinkedHashMap<>();
      Path configFile = null;
      boolean demo = false;
      boolean help = false;
      List<String> rest = new ArrayList<>(List.of(args));
      for (int i = 0; i < rest.size(); i++) {
        String arg = rest.get(i);
        String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        switch (name) {
          case "--demo" -> demo = true;
          case "--help", "-h" -> help = true;
          case "--lake", "--port", "--host", "--config", "--poll-interval" -> {
            if (value == null) {
              if (i + 1 >= rest.size()) {
                throw new IllegalArgumentException("Cannot use " + name + " without a value");
              }
              value = rest.get(++i);
            }
            switch (name) {
              case "--lake" -> overrides.put("lake.root", value);
              case "--port" -> overrides.put("server.port", value);
              case "--host" -> overrides.put("server.host", value);
              case "--poll-interval" -> overrides.put("lake.poll-interval", value);
              default -> configFile = Path.of(value);
            }
          }
          default -> throw new IllegalArgumentException("Cannot use unknown option: " + arg);
        }
      }
      return new Options(overrides, configFile, demo, help);
    }
  }
}
