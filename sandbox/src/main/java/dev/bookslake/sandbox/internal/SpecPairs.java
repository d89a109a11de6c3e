package dev.bookslake.sandbox.internal;

import java.util.List;

/** The {@code key=value,key=value} syntax of the {@code --faults} and {@code --malformed} specs. */
public final class SpecPairs {

  private SpecPairs() {}

  /**
   * The raw values of {@code spec} in the order of {@code keys}, {@code null} for a key not given;
   * all {@code null} for an empty spec or {@code none}.
   *
   * @throws IllegalArgumentException "Cannot parse {kind} spec: ..." for a pair without {@code =},
   *     an unknown key or a repeated key
   */
  public static String[] parse(String spec, String kind, List<String> keys) {
    if (spec == null) {
      throw new IllegalArgumentException("Cannot parse " + kind + " spec: null");
    }
    String[] values = new String[keys.size()];
    String trimmed = spec.strip();
    if (trimmed.isEmpty() || trimmed.equals("none")) {
      return values;
    }
    for (String pair : trimmed.split(",", -1)) {
      int eq = pair.indexOf('=');
      int slot = eq < 0 ? -1 : keys.indexOf(pair.substring(0, eq).strip());
      if (slot < 0 || values[slot] != null) {
        throw new IllegalArgumentException("Cannot parse " + kind + " spec: " + spec);
      }
      values[slot] = pair.substring(eq + 1).strip();
    }
    return values;
  }
}
