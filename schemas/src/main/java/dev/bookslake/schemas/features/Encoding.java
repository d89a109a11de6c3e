package dev.bookslake.schemas.features;

import java.util.Locale;

/** How a source value becomes one or more floats of the feature vector. */
public enum Encoding {
  /** The number itself. */
  IDENTITY,
  /** {@code ln(1 + x)}, computed with {@link StrictMath#log1p} so every JVM agrees to the bit. */
  LOG1P,
  /** {@code true} is 1, {@code false} is 0. */
  BOOL01,
  /** One column per vocabulary entry; the matching one is 1, the others 0. */
  ONE_HOT;

  /** The spelling in the contract's JSON, e.g. {@code one_hot}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the JSON spelling. */
  public static Encoding fromJson(String value) {
    for (Encoding encoding : values()) {
      if (encoding.jsonName().equals(value)) {
        return encoding;
      }
    }
    throw new IllegalArgumentException("Cannot parse feature encoding: " + value);
  }
}
