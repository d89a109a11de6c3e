package dev.bookslake.sandbox.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A page fragment with {@code {}} holes, split once at class initialisation so that rendering is
 * only appends: no parsing, formatting or regex per request.
 */
final class Template {

  private final String[] parts;

  private Template(String[] parts) {
    this.parts = parts;
  }

  static Template of(String text) {
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int hole = text.indexOf("{}"); hole >= 0; hole = text.indexOf("{}", from)) {
      parts.add(text.substring(from, hole));
      from = hole + 2;
    }
    parts.add(text.substring(from));
    return new Template(parts.toArray(String[]::new));
  }

  /**
   * Appends the fragment, filling the holes in order; values are appended as given (pre-escaped).
   */
  StringBuilder render(StringBuilder out, String... values) {
    if (values.length != parts.length - 1) {
      throw new IllegalArgumentException(
          "Cannot render template with "
              + values.length
              + " values: it has "
              + (parts.length - 1)
              + " holes");
    }
    out.append(parts[0]);
    for (int i = 0; i < values.length; i++) {
      out.append(values[i]).append(parts[i + 1]);
    }
    return out;
  }
}
