package dev.bookslake.sandbox;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Command line for the sandbox bookshop: parses flags, starts a {@link SandboxServer}, prints
 * where it serves and runs until interrupted.
 *
 * <pre>
 * java -cp pipelines.jar dev.bookslake.sandbox.Sandbox --books 5000 --day 2 \
 *     --faults 503=0.02,timeout=0.01 --crawl-delay 0.5
 * Sandbox bookshop serving 5000 books (seed 42, day 2) at http://127.0.0.1:8000/
 * </pre>
 */
public final class Sandbox {

  /** The port the command line binds when {@code --port} is not given. */
  public static final int DEFAULT_PORT = 8000;

  private static final String USAGE =
      """
      Usage: sandbox [options]
        Serves a deterministic copy of books.toscrape.com until interrupted.

        --host HOST            address to bind (default 127.0.0.1)
        --port PORT            port to bind, 0 for a free one (default 8000)
        --books N              number of books, ids 1..N (default 1000)
        --seed S               seed for every generated value (default 42)
        --day D                catalogue day; each later day changes ~3% of prices/stock (default 0)
        --faults SPEC          e.g. 500=0.05,503=0.02,timeout=0.01,slow=0.05,truncate=0.01,404=0.005
        --malformed SPEC       e.g. missing-price=3,zero-rating=2,bad-upc=2,duplicate-upc=2
        --crawl-delay SECONDS  robots.txt Crawl-delay (default 0: no such line)
        --disallow PATH[,PATH] robots.txt Disallow paths (default /private/)
        --robots-404           answer 404 for robots.txt, as the real site does
        --timeout-hold-ms N    how long a timeout fault holds the connection (default 30000)
        --slow-ms N            how long a slow fault delays the answer (default 500)
        --help                 this text
      """;

  private Sandbox() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the command line: 0 after {@code --help}, 2 for bad arguments, 1 when the server cannot
   * start; otherwise serves until the thread is interrupted (or the JVM shuts down).
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (Arrays.asList(args).contains("--help")) {
      out.print(USAGE);
      return 0;
    }
    SandboxConfig config;
    try {
      config = parseArgs(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println("Run with --help for the options.");
      return 2;
    }
    SandboxServer server;
    try {
      server = SandboxServer.start(config);
    } catch (RuntimeException e) {
      err.println(e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sandbox-shutdown"));
    out.printf("Sandbox bookshop serving %d books (seed %d, day %d) at %s%n",
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

  /**
   * Parses the command line into a config; flags take their value as the next argument or after
   * {@code =}. Unset flags keep {@link SandboxConfig#defaults()}, except the port (8000).
   *
   * @throws IllegalArgumentException "Cannot parse --books: abc" and the like
   */
  public static SandboxConfig parseArgs(String[] args) {
    SandboxConfig config = SandboxConfig.builder().port(DEFAULT_PORT).build();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value = null;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      }
      if (flag.equals("--robots-404")) {
        if (value != null) {
          throw new IllegalArgumentException("Cannot parse --robots-404: " + value);
        }
        config = config.toBuilder().robots404(true).build();
        continue;
      }
      if (!isValueFlag(flag)) {
        throw new IllegalArgumentException("Cannot parse argument: " + args[i]);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Cannot parse " + flag + ": (missing value)");
        }
        value = args[++i];
      }
      SandboxConfig c = config;
      config =
          switch (flag) {
            case "--host" -> set(c, flag, value, v -> c.toBuilder().host(v).build());
            case "--port" -> set(c, flag, value, v -> c.toBuilder().port(Integer.parseInt(v)).build());
            case "--books" -> set(c, flag, value, v -> c.toBuilder().books(Integer.parseInt(v)).build());
            case "--seed" -> set(c, flag, value, v -> c.toBuilder().seed(Long.parseLong(v)).build());
            case "--day" -> set(c, flag, value, v -> c.toBuilder().day(Integer.parseInt(v)).build());
            case "--faults" -> set(c, flag, value, v -> c.toBuilder().faults(FaultSpec.parse(v)).build());
            case "--malformed" -> set(c, flag, value, v -> c.toBuilder().malformed(MalformedSpec.parse(v)).build());
            case "--crawl-delay" ->
                set(c, flag, value, v -> c.toBuilder().crawlDelaySeconds(Double.parseDouble(v)).build());
            case "--disallow" -> set(c, flag, value, v -> c.toBuilder().disallow(paths(v)).build());
            case "--timeout-hold-ms" ->
                set(c, flag, value, v -> c.toBuilder().timeoutHoldMillis(Long.parseLong(v)).build());
            case "--slow-ms" -> set(c, flag, value, v -> c.toBuilder().slowMillis(Long.parseLong(v)).build());
            default -> throw new IllegalArgumentException("Cannot parse argument: " + flag);
          };
    }
    return config;
  }

  private static boolean isValueFlag(String flag) {
    return switch (flag) {
      case "--host", "--port", "--books", "--seed", "--day", "--faults", "--malformed",
          "--crawl-delay", "--disallow", "--timeout-hold-ms", "--slow-ms" -> true;
      default -> false;
    };
  }

  private static List<String> paths(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  private static SandboxConfig set(
      SandboxConfig config, String flag, String value, Function<String, SandboxConfig> apply) {
    try {
      return apply.apply(value.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Cannot parse " + flag + ": " + value, e);
    }
  }
}
