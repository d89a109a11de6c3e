package dev.bookslake.sandbox;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code sandbox} command: starts a {@link SandboxServer} from its options, prints where it
 * serves and runs until interrupted. {@code ./bookslake} hosts it.
 *
 * <pre>
 * ./bookslake sandbox --books 5000 --day 2 --faults 503=0.02,timeout=0.01 --crawl-delay 0.5
 * Sandbox bookshop serving 5000 books (seed 42, day 2) at http://127.0.0.1:8000/
 * </pre>
 *
 * <p>An option value the config refuses is a {@link ParameterException} reading "Cannot parse
 * --books: abc".
 */
@Command(
    name = "sandbox",
    description =
        "Serve the sandbox bookshop (the public site's structure, deterministic, with faults) until"
            + " interrupted.")
public final class Sandbox implements Callable<Integer> {

  /** The port the command line binds when {@code --port} is not given. */
  public static final int DEFAULT_PORT = 8000;

  private final PrintStream out;
  private final SandboxConfig.Builder config = SandboxConfig.builder().port(DEFAULT_PORT);
  @Spec private CommandSpec spec;

  /** A command that prints where it serves to {@code out}. */
  public Sandbox(PrintStream out) {
    this.out = out;
  }

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address to bind (default 127.0.0.1).")
  void host(String value) {
    set("--host", value, config::host);
  }

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port to bind, 0 for a free one (default 8000).")
  void port(String value) {
    set("--port", value, v -> config.port(Integer.parseInt(v)));
  }

  @Option(
      names = "--books",
      paramLabel = "N",
      description = "Number of books, ids 1..N (default 1000).")
  void books(String value) {
    set("--books", value, v -> config.books(Integer.parseInt(v)));
  }

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed for every generated value (default 42).")
  void seed(String value) {
    set("--seed", value, v -> config.seed(Long.parseLong(v)));
  }

  @Option(
      names = "--day",
      paramLabel = "D",
      description = "Catalogue day; each later day changes ~3%% of prices/stock (default 0).")
  void day(String value) {
    set("--day", value, v -> config.day(Integer.parseInt(v)));
  }

  @Option(
      names = "--faults",
      paramLabel = "SPEC",
      description =
          "Fault rates per kind (500, 503, timeout, slow, truncate, 404, trickle, huge), e.g. 500=0.05,503=0.02,timeout=0.01,trickle=0.01.")
  void faults(String value) {
    set("--faults", value, v -> config.faults(FaultSpec.parse(v)));
  }

  @Option(
      names = "--malformed",
      paramLabel = "SPEC",
      description =
          "Books with each defect, e.g. missing-price=3,zero-rating=2,bad-upc=2,duplicate-upc=2.")
  void malformed(String value) {
    set("--malformed", value, v -> config.malformed(MalformedSpec.parse(v)));
  }

  @Option(
      names = "--crawl-delay",
      paramLabel = "SECONDS",
      description = "robots.txt Crawl-delay (default 0: no such line).")
  void crawlDelay(String value) {
    set("--crawl-delay", value, v -> config.crawlDelaySeconds(Double.parseDouble(v)));
  }

  @Option(
      names = "--disallow",
      paramLabel = "PATH[,PATH]",
      description = "robots.txt Disallow paths, empty for none (default /private/).")
  void disallow(String value) {
    set("--disallow", value, v -> config.disallow(paths(v)));
  }

  @Option(names = "--robots-404", description = "Answer 404 for robots.txt, as the real site does.")
  void robots404(boolean value) {
    config.robots404(value);
  }

  @Option(
      names = "--timeout-hold-ms",
      paramLabel = "N",
      description = "How long a timeout fault holds the connection (default 30000).")
  void timeoutHold(String value) {
    set("--timeout-hold-ms", value, v -> config.timeoutHoldMillis(Long.parseLong(v)));
  }

  @Option(
      names = "--slow-ms",
      paramLabel = "N",
      description = "How long a slow fault delays the answer (default 500).")
  void slow(String value) {
    set("--slow-ms", value, v -> config.slowMillis(Long.parseLong(v)));
  }

  /** The config the options given so far describe: the defaults, on port 8000, for none. */
  public SandboxConfig config() {
    return config.build();
  }

  /**
   * Serves until the thread is interrupted (or the JVM shuts down), then returns 0.
   *
   * @throws RuntimeException when the server cannot start (the port is taken)
   */
  @Override
  public Integer call() {
    SandboxConfig config = config();
    SandboxServer server = SandboxServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sandbox-shutdown"));
    out.printf(
        "Sandbox bookshop serving %d books (seed %d, day %d) at %s%n",
        config.books(), config.seed(), config.day(), server.baseUri());
    out.flush();
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.close();
    }
    return 0;
  }

  private static List<String> paths(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  /**
   * Applies one option and checks the whole config right away, so a value the config refuses is
   * reported against the option that gave it.
   */
  private void set(String option, String value, Consumer<String> apply) {
    try {
      apply.accept(value.strip());
      config.build();
    } catch (RuntimeException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Cannot parse " + option + ": " + value,
          e,
          spec.findOption(option),
          value);
    }
  }
}
