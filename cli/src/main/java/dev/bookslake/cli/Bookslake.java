package dev.bookslake.cli;

import dev.bookslake.pipelines.clean.CleanPipeline;
import dev.bookslake.pipelines.common.UsageException;
import dev.bookslake.pipelines.common.LakeOptions;
import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.pipelines.datapath.DataPath;
import dev.bookslake.pipelines.features.FeaturesPipeline;
import dev.bookslake.cli.models.ModelsCommand;
import dev.bookslake.pipelines.monitor.DriftMonitor;
import dev.bookslake.pipelines.predict.PredictPipeline;
import dev.bookslake.pipelines.train.ModelTraining;
import dev.bookslake.cli.query.LakeQuery;
import dev.bookslake.sandbox.Sandbox;
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
 * ./bookslake train --lake lake/warehouse --run-date 2026-01-01 --target rating --promote-if-better
 * </pre>
 *
 * <p>Exit codes: {@value #EXIT_OK} success, {@value #EXIT_FAILED} failure, {@value #EXIT_BAD_ARGS}
 * bad arguments (a {@link UsageException}: the command line, never the data), {@value #EXIT_DRIFT}
 * significant drift ({@code monitor}).
 *
 * <p>Options are written {@code --kebab-case value} (or {@code --kebab-case=value}); they are
 * handed to Beam as its {@code --camelCase=value}, so every Beam and runner option works too
 * ({@code --runner FlinkRunner --flink-master [local] --parallelism 2}).
 */
public final class Bookslake {
  /** Success. */
  public static final int EXIT_OK = 0;
  /** The command failed, bad data included; nothing it would have published is visible. */
  public static final int EXIT_FAILED = 1;
  /**
   * Bad arguments: unknown command or option, a value that cannot be parsed or is not known (a
   * {@link UsageException}). A bad row or model file is a failure, not bad arguments.
   */
  public static final int EXIT_BAD_ARGS = 2;
  /** {@code monitor} only: significant drift on at least one feature (the report is still written). */
  public static final int EXIT_DRIFT = 3;

  private record Command(String summary, CommandMain main) {}

  /** A command's entry point: the exit code it returns is the process's. */
  @FunctionalInterface
  interface CommandMain {
    int run(String[] args, PrintStream out, PrintStream err) throws Exception;
  }

  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("sandbox", new Command(
        "Serve the sandbox bookshop (the public site's structure, deterministic, with faults) until interrupted.",
        (args, out, err) -> {
          Sandbox.main(args);
          return EXIT_OK;
        }));
    COMMANDS.put("scrape", new Command(
        "Crawl a bookshop from its start page into bronze.pages and bronze.fetch_errors for --run-date.",
        (args, out, err) -> runPipeline(args, out, ScrapePipeline.Options.class, ScrapePipeline::check,
            o -> printed(out, ScrapePipeline.run(o)))));
    COMMANDS.put("clean", new Command(
        "Parse and validate bronze product pages into silver.books, quarantine, book_history and quality_report for --run-date.",
        (args, out, err) -> runPipeline(args, out, CleanPipeline.Options.class, CleanPipeline::check,
            o -> printed(out, CleanPipeline.run(o)))));
    COMMANDS.put("features", new Command(
        "Build gold (books, category_stats, overview, features, training_data, similar_books) from silver for --run-date.",
        (args, out, err) -> runPipeline(args, out, FeaturesPipeline.Options.class, FeaturesPipeline::check,
            o -> printed(out, FeaturesPipeline.run(o)))));
    COMMANDS.put("run", new Command(
        "The whole data path for --run-date: scrape -> clean -> features [--until bronze|silver|gold].",
        (args, out, err) -> runPipeline(args, out, DataPath.Options.class, DataPath::check, o -> {
          DataPath.run(o);
          return EXIT_OK;
        })));
    COMMANDS.put("train", new Command(
        "Train XGBoost candidates + a baseline on gold.training_data for --run-date and register the best: "
            + "--target rating|price [--metric M] [--promote-if-better].",
        (args, out, err) -> runPipeline(args, out, ModelTraining.Options.class, ModelTraining::check,
            o -> printed(out, ModelTraining.run(o)))));
    COMMANDS.put("models", new Command(
        "The model registry: models list [--format table|json] | show --name N [--version V] | "
            + "promote --name N --version V --alias production|staging | promote --name N --alias rollback.",
        ModelsCommand::run));
    COMMANDS.put("predict", new Command(
        "Score gold.features of --run-date with the production models into gold.predictions [--target rating|price|all].",
        (args, out, err) -> runPipeline(args, out, PredictPipeline.Options.class, PredictPipeline::check,
            o -> printed(out, PredictPipeline.run(o)))));
    COMMANDS.put("monitor", new Command(
        "Compare --run-date's inputs (inference log, else gold.features) with each production model's training data "
            + "into gold.drift_report [--min-rows 50]; exit 3 on significant drift.",
        (args, out, err) -> runPipeline(args, out, DriftMonitor.Options.class, DriftMonitor::check, o -> {
          DriftMonitor.Report report = DriftMonitor.run(o);
          out.println(report);
          return report.significant() ? EXIT_DRIFT : EXIT_OK;
        })));
    COMMANDS.put("query", new Command(
        "Run SQL on the lake's views (bronze.*, silver.*, gold.*) with DuckDB: query \"SQL\" [--lake DIR] [--as-of D] [--format table|csv|json].",
        (args, out, err) -> {
          if (Arrays.asList(args).contains("--help")) {
            LakeQuery.main(args);
            return EXIT_OK;
          }
          LakeQuery.Request request;
          try {
            request = LakeQuery.parse(args);
          } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
          }
          LakeQuery.run(request, out);
          return EXIT_OK;
        }));
    // The launcher script runs `serve` from the serving module's jar; it is listed here for --help.
    COMMANDS.put("serve", new Command(
        "Serve the gold API (Helidon + DuckDB): serve --lake DIR --port 8080 [--demo]. Runs the serving jar.",
        (args, out, err) -> {
          throw new UsageException("Cannot serve from the pipelines jar: run ./bookslake serve");
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

  /** Runs a command as {@code main} does, without ending the JVM; returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      printUsage(out);
      return args.length == 0 ? EXIT_BAD_ARGS : EXIT_OK;
    }
    Command command = COMMANDS.get(args[0]);
    if (command == null) {
      err.println("Cannot run unknown command: " + args[0] + " (see ./bookslake --help)");
      return EXIT_BAD_ARGS;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return command.main().run(rest, out, err);
    } catch (UsageException e) {
      err.println(e.getMessage());
      return EXIT_BAD_ARGS;
    } catch (Exception e) {
      // An IllegalArgumentException here is about the data (a label out of range, a model output
      // of the wrong width), not the command line: the run failed, re-running it the same way fails too.
      err.println("bookslake " + args[0] + " failed: " + rootMessage(e));
      return EXIT_FAILED;
    }
  }

  private static int printed(PrintStream out, Object summary) {
    out.println(summary);
    return EXIT_OK;
  }

  private static void printUsage(PrintStream out) {
    out.println("Usage: ./bookslake <command> [--option value ...]   (./bookslake <command> --help for its options)");
    out.println();
    out.println("Commands:");
    COMMANDS.forEach((name, c) -> out.printf("  %-10s %s%n", name, c.summary()));
    out.println();
    out.println("Exit codes: 0 success, 1 the command failed, bad input data included (nothing it would publish is visible),");
    out.println("            2 bad arguments (unknown command, option or value), 3 (monitor only) significant drift");
    out.println("            on at least one feature; the drift report is written.");
  }

  interface PipelineMain<T extends PipelineOptions> {
    int run(T options) throws Exception;
  }

  /** Refuses option values the command cannot run with, by throwing an IllegalArgumentException. */
  interface OptionsCheck<T extends PipelineOptions> {
    void check(T options);
  }

  /**
   * Parses kebab-case options into a Beam options interface (printing its help on --help), checks
   * them, and runs. Whatever parsing or checking refuses is a {@link UsageException}; what the run
   * itself throws is not.
   */
  static <T extends PipelineOptions> int runPipeline(
      String[] args, PrintStream out, Class<T> type, OptionsCheck<T> check, PipelineMain<T> main) throws Exception {
    if (Arrays.asList(args).contains("--help")) {
      PipelineOptionsFactory.register(type);
      PipelineOptionsFactory.printHelp(out, type);
      return EXIT_OK;
    }
    T options;
    try {
      options = PipelineOptionsFactory.fromArgs(withRunDefaults(BeamArgs.normalize(args))).withValidation().as(type);
      if (options instanceof LakeOptions lake) {
        StageRuns.runDate(lake);
      }
      check.check(options);
    } catch (UsageException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // Beam's own parser and validation, and the stages' option checks, refuse with this type.
      throw new UsageException(e.getMessage(), e);
    }
    return main.run(options);
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
