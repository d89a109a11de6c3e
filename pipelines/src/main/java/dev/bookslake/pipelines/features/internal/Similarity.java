package dev.bookslake.pipelines.features.internal;

/**
 * How alike two books are, in [0, 1]:
 *
 * <pre>
 * score = 0.25 * sameCategory                          1 or 0
 *       + 0.20 * (1 - |p1 - p2| / max(p1, p2))         price closeness (1 when both are 0)
 *       + 0.15 * (1 - |r1 - r2| / 4)                   rating closeness, ratings 1..5
 *       + 0.40 * cosine(tfidf1, tfidf2)                title and description text
 * </pre>
 *
 * <p>Text weighs most because it is the only signal about what a book is about; category is next
 * because the shop's own grouping is a strong, cheap hint.
 */
public final class Similarity {
  public static final double CATEGORY_WEIGHT = 0.25;
  public static final double PRICE_WEIGHT = 0.20;
  public static final double RATING_WEIGHT = 0.15;
  public static final double TEXT_WEIGHT = 0.40;

  private Similarity() {}

  /** {@code b} scored as a neighbour of {@code a}; symmetric in its score. */
  public static Neighbour of(BookProfile a, BookProfile b) {
    double text = text(a, b);
    return new Neighbour(
        b.upc(), b.siteId(), score(a, b, text), a.category().equals(b.category()), text);
  }

  /** The combined score of two books whose text similarity is already known. */
  public static double score(BookProfile a, BookProfile b, double text) {
    double score =
        CATEGORY_WEIGHT * (a.category().equals(b.category()) ? 1 : 0)
            + PRICE_WEIGHT * price(a.price(), b.price())
            + RATING_WEIGHT * rating(a.rating(), b.rating())
            + TEXT_WEIGHT * text;
    return Math.min(1.0, score);
  }

  /** Cosine of two unit-length sparse vectors: the dot product over shared term ids. */
  public static double text(BookProfile a, BookProfile b) {
    long[] x = a.terms();
    long[] y = b.terms();
    double dot = 0;
    int i = 0;
    int j = 0;
    while (i < x.length && j < y.length) {
      if (x[i] == y[j]) {
        dot += a.weights()[i++] * b.weights()[j++];
      } else if (x[i] < y[j]) {
        i++;
      } else {
        j++;
      }
    }
    return Math.min(1.0, dot);
  }

  public static double price(double a, double b) {
    double max = Math.max(a, b);
    return max <= 0 ? 1.0 : 1.0 - Math.abs(a - b) / max;
  }

  public static double rating(int a, int b) {
    return Math.max(0.0, 1.0 - Math.abs(a - b) / 4.0);
  }
}
