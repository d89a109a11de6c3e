package dev.bookslake.cli.models;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.registry.AliasChange;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelRegistryException;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.pipelines.common.UsageException;
import dev.bookslake.cli.CommandArgs;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bookslake models}: the model registry in the lake ({@code <lake>/models}) from the
 * command line. Unknown models, versions or aliases exit 2 with a "Cannot ..." message.
 *
 * <pre>
 * ./bookslake models list --lake lake/warehouse [--format table|json]
 * ./bookslake models show --lake lake/warehouse --name rating [--version 2]
 * ./bookslake models promote --lake lake/warehouse --name rating --version 2 --alias production
 * ./bookslake models promote --lake lake/warehouse --name rating --alias rollback
 * </pre>
 */
public final class ModelsCommand {
  /** The pseudo-alias that undoes the last production promotion. */
  public static final String ROLLBACK = "rollback";

  private static final String ACTIONS = "list, show or promote";

  private ModelsCommand() {}

  /** Runs {@code models <action> ...}; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help")) {
      out.println("Usage: ./bookslake models list|show|promote [--option value ...]");
      out.println("  list    --lake DIR [--format table|json]");
      out.println("  show    --lake DIR --name N [--version V]        (default: production, else the latest)");
      out.println("  promote --lake DIR --name N --version V --alias production|staging [--actor A] [--reason R]");
      out.println("  promote --lake DIR --name N --alias rollback [--actor A] [--reason R]");
      return args.length == 0 ? 2 : 0;
    }
    return switch (args[0]) {
      case "list" -> list(CommandArgs.parse(args, 1, "models list", Set.of("lake", "format")), out);
      case "show" -> show(CommandArgs.parse(args, 1, "models show", Set.of("lake", "name", "version")), out);
      case "promote" -> promote(
          CommandArgs.parse(args, 1, "models promote", Set.of("lake", "name", "version", "alias", "actor", "reason")),
          out);
      default -> throw new UsageException("Cannot run unknown models action: " + args[0] + " (use " + ACTIONS + ")");
    };
  }

  private static ModelRegistry registry(CommandArgs args) {
    return ModelRegistry.in(Lake.open(args.get("lake", "")));
  }

  /**
   * One version as {@code models list} shows it; JSON field names are the snake_case of these.
   *
   * @param metric the selection metric and its held-out value, e.g. {@code accuracy=0.3125}
   * @param baseline the baseline's value of the same metric
   */
  record ListedVersion(String name, int version, List<String> aliases, String metric, String baseline,
      boolean beatsBaseline, Map<String, Double> metrics, Map<String, Double> baselineMetrics, String trainingDt,
      String createdAt) {

    static ListedVersion of(ModelVersion version, Map<String, Integer> aliases) {
      ModelMetadata m = version.metadata();
      String metric = m.selectionMetric();
      return new ListedVersion(version.name(), version.version(),
          aliases.entrySet().stream().filter(a -> a.getValue() == version.version()).map(Map.Entry::getKey)
              .sorted().toList(),
          String.format(Locale.ROOT, "%s=%.4f", metric, m.metrics().get(metric)),
          String.format(Locale.ROOT, "%s=%.4f", metric, m.baselineMetrics().get(metric)),
          m.beatsBaseline(), m.metrics(), m.baselineMetrics(), m.trainingDt(), m.createdAt());
    }
  }

  static int list(CommandArgs args, PrintStream out) {
    String format = args.get("format", "table");
    if (!format.equals("table") && !format.equals("json")) {
      throw new UsageException("Cannot list models in format: " + format + " (use --format table or json)");
    }
    ModelRegistry registry = registry(args);
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
    out.printf(Locale.ROOT, line, "name", "version", "aliases", "metric (held-out)", "baseline", "beats", "trained_dt",
        "created");
    for (ListedVersion row : rows) {
      out.printf(Locale.ROOT, line, row.name(), row.version(), String.join(",", row.aliases()), row.metric(),
          row.baseline(), row.beatsBaseline() ? "yes" : "NO", row.trainingDt(), row.createdAt());
    }
    return 0;
  }

  static int show(CommandArgs args, PrintStream out) {
    ModelRegistry registry = registry(args);
    String name = knownModel(registry, args.required("name", "models show"), "show");
    ModelVersion version;
    if (args.has("version")) {
      version = knownVersion(registry, name, args.positiveInt("version", "models show"), "show");
    } else {
      List<ModelVersion> all = registry.versions(name);
      version = registry.alias(name, ModelRegistry.PRODUCTION).orElse(all.get(all.size() - 1));
    }
    out.println(ModelRegistry.toJson(version.metadata()));
    return 0;
  }

  static int promote(CommandArgs args, PrintStream out) {
    ModelRegistry registry = registry(args);
    String name = knownModel(registry, args.required("name", "models promote"), "promote");
    String alias = args.required("alias", "models promote");
    String actor = args.get("actor", System.getProperty("user.name", "cli"));
    AliasChange change;
    try {
      if (alias.equals(ROLLBACK)) {
        if (args.has("version")) {
          throw new UsageException("Cannot roll back to a chosen version: --version " + args.get("version", "")
              + " (--alias rollback takes none; promote that version to production instead)");
        }
        change = registry.rollback(name, actor, args.get("reason", "rollback via ./bookslake models promote"));
      } else {
        if (!ModelRegistry.ALIASES.contains(alias)) {
          throw new UsageException("Cannot promote to unknown alias: " + alias + " (use production, staging or rollback)");
        }
        int version = knownVersion(registry, name, args.positiveInt("version", "models promote"), "promote").version();
        change = registry.promote(name, version, alias, actor, args.get("reason", "promoted via ./bookslake models promote"));
      }
    } catch (ModelRegistryException e) {
      // A refusal (no earlier production version to roll back to) is the caller's to fix; a
      // registry that cannot be read or written is a failure.
      if (e.kind() == ModelRegistryException.Kind.IO) {
        throw e;
      }
      throw new UsageException(e.getMessage(), e);
    }
    out.printf(Locale.ROOT, "%s %s %s: %s -> v%d (by %s)%n", change.rollback() ? "Rolled back" : "Moved", name,
        change.alias(), change.fromVersion() == null ? "unset" : "v" + change.fromVersion(), change.toVersion(),
        change.actor());
    return 0;
  }

  private static String knownModel(ModelRegistry registry, String name, String verb) {
    if (!registry.names().contains(name) || registry.versions(name).isEmpty()) {
      throw new UsageException("Cannot " + verb + " unknown model: " + name + " (registered: "
          + registry.names() + " in " + registry.root() + ")");
    }
    return name;
  }

  private static ModelVersion knownVersion(ModelRegistry registry, String name, int version, String verb) {
    return registry.version(name, version).orElseThrow(() -> new UsageException("Cannot " + verb
        + " unknown model version: " + name + " v" + version + " (registered: "
        + registry.versions(name).stream().map(ModelVersion::version).toList() + ")"));
  }
}
