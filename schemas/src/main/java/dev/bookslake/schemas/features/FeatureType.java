package dev.bookslake.schemas.features;

import java.util.Locale;

/** What kind of value a feature describes; it decides which encodings are allowed. */
public enum FeatureType {
  /** A number from one column: {@link Encoding#IDENTITY} or {@link Encoding#LOG1P}. */
  NUMERIC,
  /** A true/false column: {@link Encoding#BOOL01}. */
  BOOLEAN,
  /** A string column with a fixed vocabulary: {@link Encoding#ONE_HOT}. */
  CATEGORICAL,
  /**
   * A number measured on text (a length, a word count): {@link Encoding#IDENTITY} or {@link
   * Encoding#LOG1P}.
   */
  TEXT_DERIVED;

  /** The spelling in the contract's JSON, e.g. {@code text_derived}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the JSON spelling. */
  public static FeatureType fromJson(String value) {
    for (FeatureType type : values()) {
      if (type.jsonName().equals(value)) {
        return type;
      }
    }
    throw new IllegalArgumentException("Cannot parse feature type: " + value);
  }
}
