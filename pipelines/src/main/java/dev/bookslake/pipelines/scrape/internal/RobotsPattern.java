package dev.bookslake.pipelines.scrape.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One robots.txt path pattern (RFC 9309 §2.2.3): {@code *} matches any run of characters, a final
 * {@code $} anchors the pattern at the end of the path, and the pattern otherwise matches a prefix
 * of the path.
 *
 * <p>Matching takes time linear in the path and the pattern, whatever the site writes. The pattern
 * is split at its {@code *}s into literal segments, each with its KMP failure table built once. The
 * first segment must start the path; each later one is found with KMP at its leftmost occurrence
 * after the previous one (leftmost is safe: a later occurrence only leaves less room for the
 * segments after it); an anchored pattern's last segment must end the path, after the others. Each
 * search resumes where the previous one stopped, so the path is read at most once and each segment
 * once: O(|path| + |pattern|), where backtracking on {@code *} is exponential in the number of
 * stars.
 */
final class RobotsPattern {
  private final String text;
  private final String[] segments;
  private final int[][] failures;
  private final boolean anchored;
  private final boolean hasStar;

  RobotsPattern(String pattern) {
    this.text = pattern;
    this.anchored = pattern.endsWith("$");
    String body = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
    this.hasStar = body.indexOf('*') >= 0;
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int star = body.indexOf('*'); star >= 0; star = body.indexOf('*', from)) {
      parts.add(body.substring(from, star));
      from = star + 1;
    }
    parts.add(body.substring(from));
    this.segments = parts.toArray(String[]::new);
    this.failures = new int[segments.length][];
    for (int i = 0; i < segments.length; i++) {
      failures[i] = failureTable(segments[i]);
    }
  }

  /** The pattern as written; its length decides which rule is most specific. */
  String text() {
    return text;
  }

  boolean matches(String path) {
    String first = segments[0];
    if (!path.startsWith(first)) {
      return false;
    }
    if (!hasStar) {
      return !anchored || path.length() == first.length();
    }
    int last = segments.length - 1;
    int end = path.length();
    if (anchored) {
      // The last segment must end the path and must not overlap the first.
      end -= segments[last].length();
      if (end < first.length() || !path.startsWith(segments[last], end)) {
        return false;
      }
    }
    int at = first.length();
    int middleEnd = anchored ? last : last + 1;
    for (int i = 1; i < middleEnd; i++) {
      int found = indexOf(path, at, end, segments[i], failures[i]);
      if (found < 0) {
        return false;
      }
      at = found + segments[i].length();
    }
    return true;
  }

  /** KMP: where {@code needle} first occurs wholly within {@code text[from, to)}, or -1. */
  private static int indexOf(String text, int from, int to, String needle, int[] failure) {
    if (needle.isEmpty()) {
      return from;
    }
    int matched = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      while (matched > 0 && needle.charAt(matched) != c) {
        matched = failure[matched - 1];
      }
      if (needle.charAt(matched) == c) {
        matched++;
      }
      if (matched == needle.length()) {
        return i - matched + 1;
      }
    }
    return -1;
  }

  /**
   * {@code failure[i]}: the longest proper prefix of {@code needle[0..i]} that is also its suffix.
   */
  private static int[] failureTable(String needle) {
    int[] failure = new int[needle.length()];
    int k = 0;
    for (int i = 1; i < needle.length(); i++) {
      while (k > 0 && needle.charAt(k) != needle.charAt(i)) {
        k = failure[k - 1];
      }
      if (needle.charAt(k) == needle.charAt(i)) {
        k++;
      }
      failure[i] = k;
    }
    return failure;
  }
}
