package dev.bookslake.ml.sentiment;

import java.util.Locale;

/**
 * Positive, neutral or negative by the compound score, with the thresholds the VADER authors
 * recommend: {@code compound >= 0.05} positive, {@code compound <= -0.05} negative, neutral
 * between.
 */
public enum SentimentLabel {
  POSITIVE,
  NEUTRAL,
  NEGATIVE;

  /** The threshold on the compound score, either side of 0. */
  public static final double THRESHOLD = 0.05;

  /** The label of a compound score. */
  public static SentimentLabel of(double compound) {
    if (compound >= THRESHOLD) {
      return POSITIVE;
    }
    return compound <= -THRESHOLD ? NEGATIVE : NEUTRAL;
  }

  /**
   * The label as the lake and the API spell it: {@code positive}, {@code neutral}, {@code
   * negative}.
   */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
