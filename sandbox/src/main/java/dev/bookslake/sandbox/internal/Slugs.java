package dev.bookslake.sandbox.internal;

import java.text.Normalizer;

/** Text transformations the real site applies (it runs Django): slugs and truncated link text. */
public final class Slugs {

  private Slugs() {}

  /**
   * Django's {@code slugify}: accents folded to ASCII, other non-ASCII dropped, punctuation other
   * than {@code -} and {@code _} removed (so "It's" becomes "its"), runs of spaces and hyphens
   * collapsed to one {@code -}, lower case, no leading or trailing {@code -} or {@code _}.
   */
  public static String slugify(String text) {
    String folded = text;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 127) {
        folded = Normalizer.normalize(text, Normalizer.Form.NFKD);
        break;
      }
    }
    StringBuilder slug = new StringBuilder(folded.length());
    boolean pendingDash = false;
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (c > 127) {
        continue;
      }
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
        appendWordChar(slug, c, pendingDash);
        pendingDash = false;
      } else if (c >= 'A' && c <= 'Z') {
        appendWordChar(slug, (char) (c + ('a' - 'A')), pendingDash);
        pendingDash = false;
      } else if (c == '-' || Character.isWhitespace(c)) {
        pendingDash = true;
      }
    }
    int start = 0;
    int end = slug.length();
    while (start < end && slug.charAt(start) == '_') {
      start++;
    }
    while (end > start && (slug.charAt(end - 1) == '_' || slug.charAt(end - 1) == '-')) {
      end--;
    }
    return slug.substring(start, end);
  }

  private static void appendWordChar(StringBuilder slug, char c, boolean pendingDash) {
    if (pendingDash && !slug.isEmpty()) {
      slug.append('-');
    }
    slug.append(c);
  }

  /**
   * Django's {@code truncatewords}: the first {@code words} whitespace-separated words, followed by
   * " ..." when there were more. "A Light in the Attic" becomes "A Light in the ...".
   */
  public static String truncateWords(String text, int words) {
    StringBuilder out = new StringBuilder(text.length() + 4);
    int count = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i == n) {
        break;
      }
      if (count == words) {
        return out.append(" ...").toString();
      }
      int start = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (count > 0) {
        out.append(' ');
      }
      out.append(text, start, i);
      count++;
    }
    return out.toString();
  }
}
