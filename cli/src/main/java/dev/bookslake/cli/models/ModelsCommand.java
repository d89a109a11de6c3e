package dev.bookslake.cli.models;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.registry.AliasChange;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelRegistryException;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.pipelines.common.UsageException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bookslake models}: the model registry in the lake ({@code <lake>/models}) from the command
 * line. Unknown models, versions or aliases exit 2 with a "Cannot ..." message.
 *
 * <pre>
 * ./bookslake models list --lake lake/warehouse [--format table|json]
 * ./bookslake models show --lake lake/warehouse --name rating [--version 2]
 * ./bookslake models promote --lake lake/warehouse --name rating --version 2 --alias production
 * ./bookslake models promote --lake lake/warehouse --name rating --alias rollback
 * </pre>
 */
@Command(
    name = "models",
    description =
        "The model registry: list versions, show one, promote one to an alias or roll production back.",
    synopsisSubcommandLabel = "(list | show | promote)",
    commandListHeading = "%nCommands:%n")
public final class ModelsCommand implements Callable<Integer> {
  /** The pseudo-alias that undoes the last production promotion. */
  public static final String ROLLBACK = "rollback";

  private static final String LAKE =
      "Lake root folder (default: $BOOKSLAKE_LAKE, else lake/warehouse under the project).";

  private final PrintStream out;
  @Spec private CommandSpec spec;

  /** The command, printing to {@code out}. */
  public ModelsCommand(PrintStream out) {
    this.out = out;
  }

  /** {@code models} alone: its usage, as bad arguments. */
  @Override
  public Integer call() {
    spec.commandLine().usage(out);
    return 2;
  }

  /**
   * One version as {@code models list} shows it; JSON field names are the snake_case of these.
   *
   * @param metric the selection metric and its held-out value, e.g. {@code accuracy=0.3125}
   * @param baseline the baseline's value of the same metric
   */
  record ListedVersion(
      String name,
      int version,
      List<String> aliases,
      String metric,
      String baseline,
      boolean beatsBaseline,
      Map<String, Double> metrics,
      Map<String, Double> baselineMetrics,
      String trainingDt,
      String createdAt) {

    static ListedVersion of(ModelVersion version, Map<String, Integer> aliases) {
      ModelMetadata m = version.metadata();
      String metric = m.selectionMetric();
      return new ListedVersion(
          version.name(),
          version.version(),
          aliases.entrySet().stream()
              .filter(a -> a.getValue() == version.version())
              .map(Map.Entry::getKey)
              .sorted()
              .toList(),
          String.format(Locale.ROOT, "%s=%.4f", metric, m.metrics().get(metric)),
          String.format(Locale.ROOT, "%s=%.4f", metric, m.baselineMetrics().get(metric)),
          m.beatsBaseline(),
          m.metrics(),
          m.baselineMetrics(),
          m.trainingDt(),
          m.createdAt());
    }
  }

  @Command(
      name = "list",
      description =
          "Every version with its aliases, held-out metric, the baseline's and whether it beats it.")
  int list(
      @Option(names = "--lake", paramLabel = "DIR", defaultValue = "", description = LAKE)
          String lake,
      @Option(
              names = "--format",
              paramLabel = "table|json",
              defaultValue = "table",
              description = "A table, or JSON with every metric (default: table).")
          String format) {
    if (!format.equals("table") && !format.equals("json")) {
      throw new UsageException(
          "Cannot list models in format: " + format + " (use --format table or json)");
    }
    ModelRegistry registry = ModelRegistry.in(Lake.open(lake));
    List<ListedVersion> rows = new ArrayList<>();
    for (String name : registry.names()) {
      Map<String, Integer> aliases = registry.aliases(name);
      registry.versions(name).forEach(v -> rows.add(ListedVersion.of(v, aliases)));
    }
    if (format.equals("json")) {
      out.println(ModelRegistry.toJson(rows));
      return 0;
    }
    if (rows.isEmpty()) {
      out.println("No models registered in " + registry.root());
      return 0;
    }
    String line = "%-8s %7s %-20s %-26s %-26s %-8s %-10s %s%n";
    out.printf(
        Locale.ROOT,
        line,
        "name",
        "version",
        "aliases",
        "metric (held-out)",
        "baseline",
        "beats",
        "trained_dt",
        "created");
    for (ListedVersion row : rows) {
      out.printf(
          Locale.ROOT,
          line,
          row.name(),
          row.version(),
          String.join(",", row.aliases()),
          row.metric(),
          row.baseline(),
          row.beatsBaseline() ? "yes" : "NO",
          row.trainingDt(),
          row.createdAt());
    }
    return 0;
  }

  @Command(
      name = "show",
      description = "A version's metadata.json: production's, else the latest, unless --version.")
  int show(
      @Option(names = "--lake", paramLabel = "DIR", defaultValue = "", description = LAKE)
          String lake,
      @Option(
              names = "--name",
              paramLabel = "N",
              required = true,
              description = "The model: rating or price.")
          String name,
      @Option(names = "--version", paramLabel = "V", description = "The version to show.")
          Integer version) {
    ModelRegistry registry = ModelRegistry.in(Lake.open(lake));
    knownModel(registry, name, "show");
    ModelVersion shown;
    if (version != null) {
      shown = knownVersion(registry, name, version, "show");
    } else {
      List<ModelVersion> all = registry.versions(name);
      shown = registry.alias(name, ModelRegistry.PRODUCTION).orElse(all.get(all.size() - 1));
    }
    out.println(ModelRegistry.toJson(shown.metadata()));
    return 0;
  }

  @Command(
      name = "promote",
      description =
          "Move an alias (production, staging) to a version, or roll production back"
              + " to the version before its last move (--alias rollback, no --version).")
  int promote(
      @Option(names = "--lake", paramLabel = "DIR", defaultValue = "", description = LAKE)
          String lake,
      @Option(
              names = "--name",
              paramLabel = "N",
              required = true,
              description = "The model: rating or price.")
          String name,
      @Option(
              names = "--version",
              paramLabel = "V",
              description = "The version the alias moves to.")
          Integer version,
      @Option(
              names = "--alias",
              paramLabel = "A",
              required = true,
              description = "production, staging or rollback.")
          String alias,
      @Option(
              names = "--actor",
              paramLabel = "WHO",
              description = "Recorded in the history (default: the user name).")
          String actor,
      @Option(names = "--reason", paramLabel = "TEXT", description = "Recorded in the history.")
          String reason) {
    ModelRegistry registry = ModelRegistry.in(Lake.open(lake));
    knownModel(registry, name, "promote");
    String by = actor != null ? actor : System.getProperty("user.name", "cli");
    AliasChange change;
    try {
      if (alias.equals(ROLLBACK)) {
        if (version != null) {
          throw new UsageException(
              "Cannot roll back to a chosen version: --version "
                  + version
                  + " (--alias rollback takes none; promote that version to production instead)");
        }
        change =
            registry.rollback(
                name, by, reason != null ? reason : "rollback via ./bookslake models promote");
      } else {
        if (!ModelRegistry.ALIASES.contains(alias)) {
          throw new UsageException(
              "Cannot promote to unknown alias: "
                  + alias
                  + " (use production, staging or rollback)");
        }
        if (version == null) {
          throw new UsageException("Cannot run models promote without option: --version");
        }
        knownVersion(registry, name, version, "promote");
        change =
            registry.promote(
                name,
                version,
                alias,
                by,
                reason != null ? reason : "promoted via ./bookslake models promote");
      }
    } catch (ModelRegistryException e) {
      // A refusal (no earlier production version to roll back to) is the caller's to fix; a
      // registry that cannot be read or written is a failure.
      if (e.kind() == ModelRegistryException.Kind.IO) {
        throw e;
      }
      throw new UsageException(e.getMessage(), e);
    }
    out.printf(
        Locale.ROOT,
        "%s %s %s: %s -> v%d (by %s)%n",
        change.rollback() ? "Rolled back" : "Moved",
        name,
        change.alias(),
        change.fromVersion() == null ? "unset" : "v" + change.fromVersion(),
        change.toVersion(),
        change.actor());
    return 0;
  }

  private static void knownModel(ModelRegistry registry, String name, String verb) {
    if (!registry.names().contains(name) || registry.versions(name).isEmpty()) {
      throw new UsageException(
          "Cannot "
              + verb
              + " unknown model: "
              + name
              + " (registered: "
              + registry.names()
              + " in "
              + registry.root()
              + ")");
    }
  }

  private static ModelVersion knownVersion(
      ModelRegistry registry, String name, int version, String verb) {
    return registry
        .version(name, version)
        .orElseThrow(
            () ->
                new UsageException(
                    "Cannot "
                        + verb
                        + " unknown model version: "
                        + name
                        + " v"
                        + version
                        + " (registered: "
                        + registry.versions(name).stream().map(ModelVersion::version).toList()
                        + ")"));
  }
}
