package dev.bookslake.pipelines.features.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The words of a book that text similarity compares: lower-case runs of letters and digits of the
 * title and description, 2 to 40 characters long (longer runs are codes or junk, not words),
 * without common English words. Title words count twice, because a title says more about a book
 * than a sentence of its blurb.
 */
public final class TextTerms {
  private static final int MAX_LENGTH = 40;
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
  // Function words carry no topic; "more" ends every description on the real site ("...more").
  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "about", "after", "again", "all", "also", "an", "and", "any", "are", "as", "at",
          "be", "because", "been", "before", "being", "between", "both", "but", "by", "can",
          "could", "did", "do", "does", "down", "each", "even", "ever", "every", "few", "for",
          "from", "further", "had", "has", "have", "he", "her", "here", "hers", "herself", "him",
          "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
          "last", "like", "many", "me", "more", "most", "much", "must", "my", "myself", "never",
          "new", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other",
          "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "still",
          "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
          "those", "through", "to", "too", "two", "under", "until", "up", "us", "very", "was",
          "way", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
          "will", "with", "would", "yet", "you", "your", "yours");

  private TextTerms() {}

  /**
   * Term to count over the title (counted twice) and the description (may be null), sorted by term.
   */
  public static Map<String, Integer> counts(String title, String description) {
    Map<String, Integer> counts = new TreeMap<>();
    add(counts, title, 2);
    if (description != null) {
      add(counts, description, 1);
    }
    return counts;
  }

  private static void add(Map<String, Integer> counts, String text, int weight) {
    for (String token : SEPARATORS.split(text.toLowerCase(Locale.ROOT))) {
      if (token.length() >= 2 && token.length() <= MAX_LENGTH && !STOP_WORDS.contains(token)) {
        counts.merge(token, weight, Integer::sum);
      }
    }
  }

  /**
   * A 64-bit id of a term (FNV-1a over its UTF-16 chars). Vectors hold ids, not strings, to keep
   * them small and dot products fast; with 10^5 distinct terms a collision has odds near 10^-9, and
   * one would only merge two terms' weights.
   */
  public static long id(String term) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < term.length(); i++) {
      hash ^= term.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
