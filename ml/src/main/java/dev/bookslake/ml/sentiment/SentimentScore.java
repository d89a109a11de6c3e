package dev.bookslake.ml.sentiment;

/**
 * The sentiment of one text as VADER gives it.
 *
 * @param compound normalised sum of the word valences, in [-1, 1], rounded to 4 places
 * @param positive share of the text's lexical items that are positive, in [0, 1], 3 places
 * @param neutral share that are neutral, in [0, 1], 3 places
 * @param negative share that are negative, in [0, 1], 3 places
 * @param label {@link SentimentLabel#of(double)} of {@code compound}
 */
public record SentimentScore(
    double compound, double positive, double neutral, double negative, SentimentLabel label) {

  /** The score of a text with no words: everything 0, neutral (as the reference answers). */
  public static final SentimentScore NONE =
      new SentimentScore(0.0, 0.0, 0.0, 0.0, SentimentLabel.NEUTRAL);
}
