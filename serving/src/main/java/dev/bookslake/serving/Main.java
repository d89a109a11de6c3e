package dev.bookslake.serving;

import dev.bookslake.serving.auth.AuthService;
import dev.bookslake.serving.auth.HashPasswordCommand;
import dev.bookslake.serving.books.BooksService;
import dev.bookslake.serving.categories.CategoriesService;
import dev.bookslake.serving.dashboard.CatalogueService;
import dev.bookslake.serving.dashboard.DashboardService;
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
import dev.bookslake.serving.runs.RunsService;
import dev.bookslake.serving.scraping.ScrapingService;
import dev.bookslake.serving.sentiment.SentimentService;
import dev.bookslake.serving.stats.StatsService;
import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;
import io.helidon.http.DirectHandler;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Starts the bookslake API: Helidon 4 SE over the current gold snapshot of a lake.
 *
 * <pre>
 * ./bookslake serve --lake lake/warehouse --port 8080     # java -jar serving/target/bookslake-serving.jar ...
 * ./bookslake serve --lake demo-lake --demo               # random secret + demo user
 * ./bookslake serve hash-password alice                   # a users-file line
 * </pre>
 *
 * <p>Configuration, highest precedence first: command-line options, {@code BOOKSLAKE_*} environment
 * variables, {@code --config FILE}, then the bundled {@code application.yaml}.
 */
public final class Main {
  /**
   * The system property the launcher sets to the command it was given ({@code ./bookslake serve}),
   * so that the usage names it.
   */
  static final String PROGRAM_PROPERTY = "bookslake.program";

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
    int code =
        commandLine(System.getProperty(PROGRAM_PROPERTY, "java -jar bookslake-serving.jar"))
            .execute(args);
    // A started server runs on in its own threads: only a refusal or a failure ends the JVM here.
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * The command line: {@code serve}'s options, and {@code hash-password}; usage says {@code
   * program}.
   */
  static CommandLine commandLine(String program) {
    CommandLine command = new CommandLine(new Options()).addSubcommand(new HashPasswordCommand());
    command.getCommandSpec().name(program);
    command
        .getCommandSpec()
        .usageMessage()
        .footer("Environment: " + String.join(", ", ENV_KEYS.keySet()));
    return command
        .setUsageHelpWidth(100)
        // The last of a repeated option wins, as it did before picocli.
        .setOverwrittenOptionsAllowed(true)
        .setExpandAtFiles(false)
        .setParameterExceptionHandler(
            (e, args) -> {
              e.getCommandLine().getErr().println(usageMessage(e));
              e.getCommandLine().usage(e.getCommandLine().getErr());
              return 2;
            })
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              // ConfigException: a --config file that cannot be read, or a value of the wrong type
              // (--port abc).
              if (e instanceof IllegalArgumentException
                  || e instanceof IllegalStateException
                  || e instanceof java.io.UncheckedIOException
                  || e instanceof ConfigException) {
                cmd.getErr().println("bookslake serve: " + e.getMessage());
                return 1;
              }
              throw e;
            });
  }

  /** picocli's refusal in the project's words ("Cannot use --lake without a value"). */
  static String usageMessage(ParameterException e) {
    if (e instanceof UnmatchedArgumentException unmatched) {
      String first = unmatched.getUnmatched().get(0);
      return first.startsWith("-")
          ? "Cannot use unknown option: " + first
          : "Cannot parse argument: " + first;
    }
    if (e instanceof MissingParameterException missing) {
      ArgSpec arg = missing.getMissing().get(0);
      return arg instanceof OptionSpec option
          ? "Cannot use " + option.longestName() + " without a value"
          : "Cannot run " + e.getCommandLine().getCommandName() + " without " + arg.paramLabel();
    }
    if (e.getArgSpec() instanceof OptionSpec option && e.getValue() != null) {
      return "Cannot parse " + option.longestName() + ": " + e.getValue();
    }
    return e.getMessage();
  }

  /** Starts the server and prints where it listens; returns the running server. */
  static WebServer serve(Config config, boolean demo) {
    Components components = Components.create(config, demo).start();
    WebServer server =
        WebServer.builder()
            .host(config.get("server.host").asString().get())
            .port(config.get("server.port").asInt().get())
            .update(b -> server(b))
            .routing(r -> routing(r, components))
            .build()
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  components.close();
                },
                "bookslake-shutdown"));
    String dt = components.snapshots().peek().map(s -> s.dt().toString()).orElse("none");
    System.out.println(
        "bookslake API serving "
            + components.snapshots().lake().root()
            + " (gold dt="
            + dt
            + ") at http://127.0.0.1:"
            + server.port()
            + "/api/v1");
    if (!components.auth().enabled()) {
      System.out.println(
          "Authentication is off: set BOOKSLAKE_JWT_SECRET (32+ bytes) to enable login and protected routes.");
    }
    components
        .demoCredentials()
        .ifPresent(
            c ->
                System.out.println(
                    "Demo mode: log in as "
                        + c
                        + " (a random user and JWT secret for this process only)"));
    return server;
  }

  /**
   * Server-level settings: the 1 MiB body limit, problem+json for protocol-level errors,
   * TCP_NODELAY.
   */
  static void server(WebServerConfig.BuilderBase<?, ?> builder) {
    DirectHandler problems = ProblemHandlers.directHandler(Bodies.MAX_BYTES);
    DirectHandlers.Builder handlers = DirectHandlers.builder();
    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
      handlers.addHandler(type, problems);
    }
    builder
        .maxPayloadSize(Bodies.MAX_BYTES)
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
        .register(BooksService.PATH, new BooksService(routes, c.responseCache(), c.historyTravel()))
        .register(CategoriesService.PATH, new CategoriesService(routes, c.responseCache()))
        .register(StatsService.PATH, new StatsService(routes, c.responseCache()))
        .register(MlDataService.PATH, new MlDataService(routes, c.responseCache()))
        .register(PredictService.PATH, new PredictService(routes, c.predictions()))
        .register(SentimentService.PATH, new SentimentService(routes, c.sentiment()))
        .register(ModelsService.PATH, new ModelsService(routes, c.auth(), c.models()))
        .register(
            ExternalPredictionsService.PATH,
            new ExternalPredictionsService(routes, c.auth(), c.externalPredictions()))
        .register(DriftService.PATH, new DriftService(routes, c.driftReports()))
        .register(RunsService.PATH, new RunsService(routes, c.runs()))
        .register(AuthService.PATH, new AuthService(routes, c.auth()))
        .register(ScrapingService.PATH, new ScrapingService(routes, c.auth(), c.jobs()))
        .register(MetricsService.PATH, new MetricsService(routes, c.metrics()))
        .register(DocsService.PATH, new DocsService(routes))
        .register(DashboardService.PATH, new DashboardService(routes))
        .register(CatalogueService.PATH, new CatalogueService(routes, c.responseCache()))
        .any(new Fallback(routes));
  }

  /**
   * Configuration from command-line overrides, the environment, an optional file and the defaults.
   */
  static Config config(Map<String, String> overrides, Path file, Map<String, String> env) {
    Map<String, String> fromEnv = new LinkedHashMap<>();
    ENV_KEYS.forEach(
        (var, key) -> {
          String v = env.get(var);
          if (v != null && !v.isBlank()) {
            fromEnv.put(key, v);
          }
        });
    Config.Builder builder =
        Config.builder()
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

  /** {@code serve}'s options: each one given overrides its configuration key. */
  @Command(
      description =
          "Serve the gold API (Helidon 4 SE + DuckDB) over the current gold snapshot of a lake.",
      commandListHeading = "%nCommands:%n",
      footerHeading = "%n")
  static final class Options implements Callable<Integer> {
    @Option(names = "--lake", paramLabel = "DIR", description = "Lake root folder (lake.root).")
    String lake;

    @Option(
        names = "--port",
        paramLabel = "N",
        description = "Port to listen on, 0 for any free one (server.port).")
    String port;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to bind (server.host).")
    String host;

    @Option(
        names = "--poll-interval",
        paramLabel = "DURATION",
        description = "How often to look for a new gold snapshot, e.g. PT5S (lake.poll-interval).")
    String pollInterval;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "A YAML file with the same keys as application.yaml.")
    Path configFile;

    @Option(
        names = "--demo",
        description = "A random JWT secret and demo user for this process only.")
    boolean demo;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;

    /** The configuration keys the options given set. */
    Map<String, String> overrides() {
      Map<String, String> overrides = new LinkedHashMap<>();
      if (lake != null) {
        overrides.put("lake.root", lake);
      }
      if (port != null) {
        overrides.put("server.port", port);
      }
      if (host != null) {
        overrides.put("server.host", host);
      }
      if (pollInterval != null) {
        overrides.put("lake.poll-interval", pollInterval);
      }
      return overrides;
    }

    @Override
    public Integer call() {
      LogConfig.configureRuntime();
      serve(config(overrides(), configFile, System.getenv()), demo);
      return 0;
    }
  }
}
