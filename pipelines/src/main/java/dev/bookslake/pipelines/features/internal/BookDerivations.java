package dev.bookslake.pipelines.features.internal;

import java.math.BigDecimal;

/** The derived columns of gold.books, as pure functions of silver values. */
public final class BookDerivations {
  private static final BigDecimal TWENTY = new BigDecimal("20");
  private static final BigDecimal THIRTY = new BigDecimal("30");
  private static final BigDecimal FORTY = new BigDecimal("40");
  private static final BigDecimal FIFTY = new BigDecimal("50");

  private BookDerivations() {}

  /**
   * {@code <20}, {@code 20-30}, {@code 30-40}, {@code 40-50} or {@code >=50}; lower bounds are
   * inclusive.
   */
  public static String priceBand(BigDecimal price) {
    if (price.compareTo(TWENTY) < 0) {
      return "<20";
    }
    if (price.compareTo(THIRTY) < 0) {
      return "20-30";
    }
    if (price.compareTo(FORTY) < 0) {
      return "30-40";
    }
    if (price.compareTo(FIFTY) < 0) {
      return "40-50";
    }
    return ">=50";
  }

  /** Characters of the description, 0 when there is none. */
  public static int descriptionLength(String description) {
    return description == null ? 0 : description.length();
  }

  /** Whitespace-separated tokens holding at least one letter or digit ("A - B" has 2). */
  public static int titleWordCount(String title) {
    int words = 0;
    for (String token : title.strip().split("\\s+")) {
      if (token.codePoints().anyMatch(Character::isLetterOrDigit)) {
        words++;
      }
    }
    return words;
  }
}
