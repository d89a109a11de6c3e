package dev.bookslake.pipelines.cli;

import dev.bookslake.pipelines.clean.CleanPipeline;
import dev.bookslake.pipelines.datapath.DataPath;
import dev.bookslake.pipelines.features.FeaturesPipeline;
import dev.bookslake.pipelines.query.LakeQuery;
import dev.bookslake.pipelines.sandbox.Sandbox;
import dev.bookslake.pipelines.scrape.ScrapePipeline;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The {@code bookslake} command line: one subcommand per stage or tool.
 *
 * <pre>
 * ./bookslake --help
 * ./bookslake sandbox --port 8000 --books 1000
 * ./bookslake scrape --source http://127.0.0.1:8000/ --lake lake/warehouse --run-date 2026-01-01
 * </pre>
 *
 * <p>Options are written {@code --kebab-case value} (or {@code --kebab-case=value}); they are
 * handed to Beam as its {@code --camelCase=value}, so every Beam and runner option works too
 * ({@code --runner FlinkRunner --flink-master [local] --parallelism 2}).
 */
public final class Bookslake {
  private record Command(String summary, CommandMain main) {}

  @FunctionalInterface
  private interface CommandMain {
    void run(String[] args) throws Exception;
  }

  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("sandbox", new Command(
        "Serve the sandbox bookshop (the public site's structure, deterministic, with faults) until interrupted.",
        Sandbox::main));
    COMMANDS.put("scrape", new Command(
        "Crawl a bookshop from its start page into bronze.pages and bronze.fetch_errors for --run-date.",
        args -> runPipeline(args, ScrapePipeline.Options.class, o -> System.out.println(ScrapePipeline.run(o)))));
    COMMANDS.put("clean", new Command(
        "Parse and validate bronze product pages into silver.books, quarantine, book_history and quality_report for --run-date.",
        args -> runPipeline(args, CleanPipeline.Options.class, o -> System.out.println(CleanPipeline.run(o)))));
    COMMANDS.put("features", new Command(
        "Build gold (books, category_stats, overview, features, training_data, similar_books) from silver for --run-date.",
        args -> runPipeline(args, FeaturesPipeline.Options.class, o -> System.out.println(FeaturesPipeline.run(o)))));
    COMMANDS.put("run", new Command(
        "The whole data path for --run-date: scrape -> clean -> features [--until bronze|silver|gold].",
        args -> runPipeline(args, DataPath.Options.class, DataPath::run)));
    COMMANDS.put("query", new Command(
        "Run SQL on the lake's views (bronze.*, silver.*, gold.*) with DuckDB: query \"SQL\" [--lake DIR] [--as-of D] [--format table|csv|json].",
        args -> LakeQuery.main(args)));
    // The launcher script runs `serve` from the serving module's jar; it is listed here for --help.
    COMMANDS.put("serve", new Command(
        "Serve the gold API (Helidon + DuckDB): serve --lake DIR --port 8080 [--demo]. Runs the serving jar.",
        args -> {
          throw new IllegalArgumentException("Cannot serve from the pipelines jar: run ./bookslake serve");
        }));
  }

  private Bookslake() {}

  public static void main(String[] args) {
    int code;
    try {
      code = run(args, System.out, System.err);
    } catch (Throwable t) {
      // An Error (a broken classpath, out of memory) must still end the JVM, or Flink's threads keep it alive.
      t.printStackTrace();
      code = 1;
    }
    // Beam's and Flink's non-daemon threads can outlive a finished (or failed) run.
    System.exit(code);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      printUsage(out);
      return args.length == 0 ? 2 : 0;
    }
    Command command = COMMANDS.get(args[0]);
    if (command == null) {
      err.println("Cannot run unknown command: " + args[0] + " (see ./bookslake --help)");
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      command.main().run(rest);
      return 0;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("bookslake " + args[0] + " failed: " + rootMessage(e));
      return 1;
    }
  }

  private static void printUsage(PrintStream out) {
    out.println("Usage: ./bookslake <command> [--option value ...]   (./bookslake <command> --help for its options)");
    out.println();
    out.println("Commands:");
    COMMANDS.forEach((name, c) -> out.printf("  %-10s %s%n", name, c.summary()));
  }

  interface PipelineMain<T extends PipelineOptions> {
    void run(T options) throws Exception;
  }

  /** Parses kebab-case options into a Beam options interface (printing its help on --help) and runs. */
  static <T extends PipelineOptions> void runPipeline(String[] args, Class<T> type, PipelineMain<T> main)
      throws Exception {
    if (Arrays.asList(args).contains("--help")) {
      PipelineOptionsFactory.register(type);
      PipelineOptionsFactory.printHelp(System.out, type);
      return;
    }
    T options = PipelineOptionsFactory.fromArgs(withRunDefaults(BeamArgs.normalize(args))).withValidation().as(type);
    main.run(options);
  }

  /**
   * The DirectRunner re-encodes every element at every step to catch user-code bugs; that is a
   * test-time check (TestPipeline keeps it) and costs a multiple of the crawl on 40 KB pages.
   */
  static String[] withRunDefaults(String[] args) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String flag : new String[] {"enforceImmutability", "enforceEncodability"}) {
      if (Arrays.stream(args).noneMatch(a -> a.startsWith("--" + flag))) {
        out.add("--" + flag + "=false");
      }
    }
    out.addAll(Arrays.asList(args));
    return out.toArray(String[]::new);
  }

  private static String rootMessage(Throwable e) {
    String first = e.getMessage();
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    if (t == e || first == null) {
      return String.valueOf(t.getMessage() == null ? t : t.getMessage());
    }
    return first.contains(String.valueOf(t.getMessage())) ? first : first + " (caused by " + t + ")";
  }
}
