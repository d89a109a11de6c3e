package dev.bookslake.cli;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Says why a command line was refused in the project's words ("Cannot parse --books: abc"),
 * whichever command refused it: picocli's own messages name no command and read differently.
 */
final class UsageMessages {
  private UsageMessages() {}

  static String of(ParameterException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Cannot ")) {
      return message;
    }
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    if (e instanceof UnmatchedArgumentException unmatched) {
      return unmatched(spec, unmatched.getUnmatched().get(0));
    }
    if (e instanceof MissingParameterException missing) {
      return missing(spec, missing.getMissing(), message);
    }
    if (e.getArgSpec() instanceof OptionSpec option && e.getValue() != null) {
      Throwable cause = e.getCause();
      if (cause != null && String.valueOf(cause.getMessage()).startsWith("Cannot ")) {
        return cause.getMessage();
      }
      return "Cannot parse " + option.longestName() + expected(option.type()) + ": " + e.getValue();
    }
    return message;
  }

  private static String unmatched(CommandSpec spec, String first) {
    if (spec.parent() == null) {
      return "Cannot run unknown command: " + first + " (see " + spec.name() + " --help)";
    }
    if (!spec.subcommands().isEmpty()) {
      List<String> actions =
          spec.subcommands().keySet().stream().filter(a -> !a.equals("help")).toList();
      return "Cannot run unknown "
          + name(spec)
          + " action: "
          + first
          + " (use "
          + oneOf(actions)
          + ")";
    }
    if (first.startsWith("-")) {
      int eq = first.indexOf('=');
      return "Cannot use option with "
          + name(spec)
          + ": "
          + (eq < 0 ? first : first.substring(0, eq))
          + " (see "
          + spec.qualifiedName()
          + " --help)";
    }
    return "Cannot parse argument (options start with --): " + first;
  }

  private static String missing(CommandSpec spec, List<ArgSpec> missing, String message) {
    // picocli reports both a required option left out and an option given without its value
    // with this exception; only the first reads "Missing required option".
    if (message.startsWith("Missing required option")) {
      List<String> names = missing.stream().map(UsageMessages::name).toList();
      return "Cannot run "
          + name(spec)
          + " without option"
          + (names.size() > 1 ? "s" : "")
          + ": "
          + String.join(", ", names);
    }
    ArgSpec first = missing.get(0);
    if (first instanceof OptionSpec option) {
      return "Cannot parse " + option.longestName() + ": (missing value)";
    }
    return "Cannot run " + name(spec) + " without " + first.paramLabel();
  }

  /** The command as typed after the program name: {@code models list}. */
  private static String name(CommandSpec spec) {
    CommandSpec root = spec;
    while (root.parent() != null) {
      root = root.parent();
    }
    return spec == root ? spec.name() : spec.qualifiedName().substring(root.name().length() + 1);
  }

  private static String name(ArgSpec arg) {
    return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
  }

  private static String expected(Class<?> type) {
    if (type.isEnum()) {
      return " ("
          + oneOf(
              Arrays.stream(type.getEnumConstants())
                  .map(c -> c.toString().toLowerCase(Locale.ROOT))
                  .toList())
          + ")";
    }
    if (type == LocalDate.class) {
      return " (expected YYYY-MM-DD)";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return " (a whole number)";
    }
    return "";
  }

  /** {@code a, b or c}. */
  private static String oneOf(List<String> values) {
    if (values.size() < 2) {
      return String.join("", values);
    }
    return values.subList(0, values.size() - 1).stream().collect(Collectors.joining(", "))
        + " or "
        + values.get(values.size() - 1);
  }
}
