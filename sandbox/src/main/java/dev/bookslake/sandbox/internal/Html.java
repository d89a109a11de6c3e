package dev.bookslake.sandbox.internal;

/** HTML escaping as Django's autoescape does it. */
public final class Html {

  private Html() {}

  /** Appends {@code text} with {@code & < > " '} escaped ({@code '} as {@code &#39;}). */
  public static StringBuilder escape(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out;
  }
}
