package dev.bookslake.cli;

import dev.bookslake.pipelines.common.UsageException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} / {@code --name=value} options of a command that is not a Beam pipeline
 * (so Beam's own parser, with its runner options, does not apply).
 */
public final class CommandArgs {
  private final Map<String, String> values;

  private CommandArgs(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses options, refusing any not in {@code allowed}.
   *
   * @throws UsageException for a stray word, an unknown option or a missing value
   */
  public static CommandArgs parse(String[] args, int from, String command, Set<String> allowed) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = from; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new UsageException("Cannot parse argument of " + command + " (options start with --): " + arg);
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      if (!allowed.contains(name)) {
        throw new UsageException("Cannot use option with " + command + ": --" + name + " (it takes "
            + allowed.stream().sorted().map(a -> "--" + a).toList() + ")");
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        throw new UsageException("Cannot use option of " + command + " without a value: --" + name);
      }
      values.put(name, value);
    }
    return new CommandArgs(values);
  }

  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** A required option. */
  public String required(String name, String command) {
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      throw new UsageException("Cannot run " + command + " without option: --" + name);
    }
    return value;
  }

  /** A positive whole number option. */
  public int positiveInt(String name, String command) {
    String value = required(name, command);
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Falls through to the message below, which names the value.
    }
    throw new UsageException("Cannot parse --" + name + " of " + command + " (a positive whole number): " + value);
  }
}
