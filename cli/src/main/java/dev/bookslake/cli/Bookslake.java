package dev.bookslake.cli;

import dev.bookslake.cli.internal.SqliteNative;
import dev.bookslake.cli.lake.LakeCommand;
import dev.bookslake.cli.models.ModelsCommand;
import dev.bookslake.cli.query.LakeQuery;
import dev.bookslake.pipelines.clean.CleanPipeline;
import dev.bookslake.pipelines.common.UsageException;
import dev.bookslake.pipelines.datapath.DataPath;
import dev.bookslake.pipelines.features.FeaturesPipeline;
import dev.bookslake.pipelines.monitor.DriftMonitor;
import dev.bookslake.pipelines.predict.PredictPipeline;
import dev.bookslake.pipelines.scrape.ScrapePipeline;
import dev.bookslake.pipelines.train.ModelTraining;
import dev.bookslake.sandbox.Sandbox;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The {@code bookslake} command line: one subcommand per stage or tool, all parsed by picocli from
 * the definitions their help is printed from.
 *
 * <pre>
 * ./bookslake --help
 * ./bookslake sandbox --port 8000 --books 1000
 * ./bookslake scrape --source http://127.0.0.1:8000/ --lake lake/warehouse --run-date 2026-01-01
 * ./bookslake train --lake lake/warehouse --run-date 2026-01-01 --target rating --promote-if-better
 * </pre>
 *
 * <p>Exit codes: {@value #EXIT_OK} success, {@value #EXIT_FAILED} failure, {@value #EXIT_BAD_ARGS}
 * bad arguments (picocli's refusals and {@link UsageException}s: the command line, never the data),
 * {@value #EXIT_DRIFT} significant drift ({@code monitor}).
 *
 * <p>Options are written {@code --kebab-case value} (or {@code --kebab-case=value}). A pipeline's
 * options are read off its Beam options interface and handed to Beam as its {@code
 * --camelCase=value}, so every Beam and runner option works too ({@code --runner FlinkRunner
 * --flink-master [local] --parallelism 2}); see {@link PipelineCommand}.
 */
@Command(
    name = "./bookslake",
    synopsisSubcommandLabel = "<command>",
    description = {
      "Scrapes a bookshop into a Parquet lake (bronze, silver, gold), queries it, trains, predicts and serves.",
      "Options are --kebab-case value or --kebab-case=value; ./bookslake <command> --help lists a command's."
    },
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      Bookslake.EXIT_OK + ":success",
      Bookslake.EXIT_FAILED
          + ":the command failed, bad input data included (nothing it would publish is visible)",
      Bookslake.EXIT_BAD_ARGS + ":bad arguments (unknown command, option or value)",
      Bookslake.EXIT_DRIFT
          + ":(monitor only) significant drift on at least one feature; the drift report is written"
    })
public final class Bookslake implements Callable<Integer> {
  /** Success. */
  public static final int EXIT_OK = 0;

  /** The command failed, bad data included; nothing it would have published is visible. */
  public static final int EXIT_FAILED = 1;

  /**
   * Bad arguments: unknown command or option, a value that cannot be parsed or is not known (a
   * {@link UsageException}). A bad row or model file is a failure, not bad arguments.
   */
  public static final int EXIT_BAD_ARGS = 2;

  /**
   * {@code monitor} only: significant drift on at least one feature (the report is still written).
   */
  public static final int EXIT_DRIFT = 3;

  private final PrintStream out;
  @Spec private CommandSpec spec;

  private Bookslake(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    SqliteNative.useBesideThisJar();
    int code;
    try {
      code = run(args, System.out, System.err);
    } catch (Throwable t) {
      // An Error (a broken classpath, out of memory) must still end the JVM, or Flink's threads
      // keep it alive.
      t.printStackTrace();
      code = 1;
    }
    // Beam's and Flink's non-daemon threads can outlive a finished (or failed) run.
    System.exit(code);
  }

  /** Runs a command as {@code main} does, without ending the JVM; returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err, args.length == 0 ? "" : args[0]).execute(args);
  }

  /** {@code ./bookslake} alone: the usage, as bad arguments. */
  @Override
  public Integer call() {
    spec.commandLine().usage(out);
    return EXIT_BAD_ARGS;
  }

  /** Every command, printing to {@code out} and {@code err}. */
  static CommandLine commandLine(PrintStream out, PrintStream err) {
    return commandLine(out, err, "");
  }

  /**
   * The command line with only {@code command} when that names one, else with every command (for
   * the usage, {@code help} and the refusal of an unknown name). Building a pipeline command reads
   * its Beam options interface: with all of them built, a one-off {@code query} reached its own
   * code ~0.1 s later (docs/benchmarks.md).
   */
  static CommandLine commandLine(PrintStream out, PrintStream err, String command) {
    Map<String, Supplier<Object>> commands = commands(out);
    CommandLine bookslake = new CommandLine(new Bookslake(out));
    if (commands.containsKey(command)) {
      bookslake.addSubcommand(command, commands.get(command).get());
    } else {
      commands.forEach((name, make) -> bookslake.addSubcommand(name, make.get()));
      bookslake.addSubcommand(new HelpCommand());
    }
    addHelpOption(bookslake);
    return bookslake
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setUsageHelpWidth(100)
        .setCaseInsensitiveEnumValuesAllowed(true)
        // The last of a repeated option wins, as Beam's parser and the earlier hand-written ones
        // had it.
        .setOverwrittenOptionsAllowed(true)
        // An argument starting with @ is a value (SQL, a pass-through option), never a file of
        // arguments.
        .setExpandAtFiles(false)
        .setParameterExceptionHandler(
            (e, args) -> {
              e.getCommandLine().getErr().println(UsageMessages.of(e));
              return EXIT_BAD_ARGS;
            })
        .setExecutionExceptionHandler(
            (e, cli, parsed) -> {
              if (e instanceof UsageException) {
                cli.getErr().println(e.getMessage());
                return EXIT_BAD_ARGS;
              }
              // An IllegalArgumentException here is about the data (a label out of range, a model
              // output
              // of the wrong width), not the command line: the run failed, re-running it the same
              // way fails too.
              String name =
                  cli.getCommandSpec()
                      .qualifiedName()
                      .substring(bookslake.getCommandName().length() + 1);
              cli.getErr().println("bookslake " + name + " failed: " + rootMessage(e));
              return EXIT_FAILED;
            });
  }

  /** Each command by name, in the usage's order, made on demand. */
  private static Map<String, Supplier<Object>> commands(PrintStream out) {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("sandbox", () -> new Sandbox(out));
    commands.put(
        "scrape",
        () ->
            PipelineCommand.of(
                "scrape",
                "Crawl a bookshop from its start page into bronze.pages and bronze.fetch_errors for --run-date.",
                ScrapePipeline.Options.class,
                ScrapePipeline::check,
                o -> printed(out, ScrapePipeline.run(o))));
    commands.put(
        "clean",
        () ->
            PipelineCommand.of(
                "clean",
                "Parse and validate bronze product pages into silver.books, quarantine, book_history and quality_report "
                    + "for --run-date.",
                CleanPipeline.Options.class,
                CleanPipeline::check,
                o -> printed(out, CleanPipeline.run(o))));
    commands.put(
        "features",
        () ->
            PipelineCommand.of(
                "features",
                "Build gold (books, category_stats, overview, features, training_data, similar_books, "
                    + "book_sentiment) from silver for "
                    + "--run-date.",
                FeaturesPipeline.Options.class,
                FeaturesPipeline::check,
                o -> printed(out, FeaturesPipeline.run(o))));
    commands.put(
        "run",
        () ->
            PipelineCommand.of(
                "run",
                "The whole data path for --run-date: scrape -> clean -> features (--until bronze|silver|gold).",
                DataPath.Options.class,
                DataPath::check,
                o -> {
                  DataPath.run(o);
                  return EXIT_OK;
                }));
    commands.put(
        "train",
        () ->
            PipelineCommand.of(
                "train",
                "Train XGBoost candidates + a baseline on gold.training_data for --run-date and register the best.",
                ModelTraining.Options.class,
                ModelTraining::check,
                o -> printed(out, ModelTraining.run(o))));
    commands.put("models", () -> new ModelsCommand(out));
    commands.put(
        "predict",
        () ->
            PipelineCommand.of(
                "predict",
                "Score gold.features of --run-date with the production models into gold.predictions.",
                PredictPipeline.Options.class,
                PredictPipeline::check,
                o -> printed(out, PredictPipeline.run(o))));
    commands.put("monitor", () -> monitor(out));
    commands.put("query", () -> new LakeQuery(out));
    commands.put("lake", () -> new LakeCommand(out));
    commands.put("serve", Serve::new);
    return commands;
  }

  private static CommandSpec monitor(PrintStream out) {
    CommandSpec monitor =
        PipelineCommand.of(
            "monitor",
            "Compare --run-date's inputs (inference log, else gold.features) with each production model's training data "
                + "into gold.drift_report; exit 3 on significant drift.",
            DriftMonitor.Options.class,
            DriftMonitor::check,
            o -> {
              DriftMonitor.Report report = DriftMonitor.run(o);
              out.println(report);
              return report.significant() ? EXIT_DRIFT : EXIT_OK;
            });
    Map<String, String> monitorExits = new LinkedHashMap<>();
    monitorExits.put(String.valueOf(EXIT_OK), "no significant drift (the report is written)");
    monitorExits.put(String.valueOf(EXIT_FAILED), "the command failed");
    monitorExits.put(String.valueOf(EXIT_BAD_ARGS), "bad arguments");
    monitorExits.put(
        String.valueOf(EXIT_DRIFT),
        "significant drift on at least one feature (the report is written)");
    monitor.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(monitorExits);
    return monitor;
  }

  /**
   * {@code -h, --help} on every command, each printing the usage generated from its own options.
   */
  private static void addHelpOption(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    if (spec.findOption("--help") == null) {
      spec.addOption(
          OptionSpec.builder("-h", "--help")
              .usageHelp(true)
              .description("Show this help and exit.")
              .build());
    }
    command.getSubcommands().values().forEach(Bookslake::addHelpOption);
  }

  private static int printed(PrintStream out, Object summary) {
    out.println(summary);
    return EXIT_OK;
  }

  /** Listed for --help; the launcher runs {@code serve} from the serving module's jar. */
  @Command(
      name = "serve",
      description =
          "Serve the gold API (Helidon + DuckDB) from the serving jar (serve --help lists its options).")
  static final class Serve implements Callable<Integer> {
    // Whatever follows `serve` reaches call(), whose refusal says where serve runs.
    @Unmatched private List<String> args;

    @Override
    public Integer call() {
      throw new UsageException("Cannot serve from the command-line jar: run ./bookslake serve");
    }
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
    return first.contains(String.valueOf(t.getMessage()))
        ? first
        : first + " (caused by " + t + ")";
  }
}
