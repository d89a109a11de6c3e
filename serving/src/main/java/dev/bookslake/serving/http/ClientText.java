package dev.bookslake.serving.http;

/**
 * Client text as it may appear in a response body or a log line: at most {@link #MAX_CHARS}
 * characters, control characters escaped, and the length of what was cut said. Every echo of a
 * request's path, query, method or body text goes through {@link #quote}, so the size of an answer
 * or a log line never follows the size of what a client sent.
 */
public final class ClientText {
  /** The most characters of one piece of client text that are repeated back. */
  public static final int MAX_CHARS = 256;

  /** The most characters of a message that may hold several quoted pieces. */
  public static final int MAX_MESSAGE_CHARS = 1024;

  private ClientText() {}

  /**
   * The text shortened to {@link #MAX_CHARS} characters with "…(N more characters)" after a cut,
   * and control characters (newlines included, so a log line stays one line) as {@code \\uXXXX}.
   */
  public static String quote(Object text) {
    return quote(text, MAX_CHARS);
  }

  /** The text shortened to {@code max} characters, as {@link #quote(Object)} does. */
  public static String quote(Object text, int max) {
    if (text == null) {
      return "null";
    }
    String s = String.valueOf(text);
    int keep = Math.min(s.length(), max);
    if (keep > 0 && keep < s.length() && Character.isHighSurrogate(s.charAt(keep - 1))) {
      keep--;
    }
    StringBuilder out = new StringBuilder(keep + 32);
    for (int i = 0; i < keep; i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (keep < s.length()) {
      out.append("…(").append(s.length() - keep).append(" more characters)");
    }
    return out.toString();
  }
}
