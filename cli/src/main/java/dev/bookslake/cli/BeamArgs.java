package dev.bookslake.cli;

import java.util.ArrayList;
import java.util.List;

/** Rewrites {@code --kebab-case value} arguments into Beam's {@code --camelCase=value} form. */
final class BeamArgs {
  private BeamArgs() {}

  static String[] normalize(String[] args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Cannot parse argument (options start with --): " + arg);
      }
      int eq = arg.indexOf('=');
      String name = camel(eq < 0 ? arg.substring(2) : arg.substring(2, eq));
      if (eq >= 0) {
        out.add("--" + name + arg.substring(eq));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        out.add("--" + name + "=" + args[++i]);
      } else {
        out.add("--" + name);
      }
    }
    return out.toArray(String[]::new);
  }

  static String camel(String kebab) {
    StringBuilder sb = new StringBuilder(kebab.length());
    boolean upper = false;
    for (char c : kebab.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }
}
