package dev.bookslake.schemas.features;

import java.math.BigDecimal;

/** How values are written in error messages. */
final class Values {
  private Values() {}

  /** A value as people write it: {@code -3}, {@code 12.50}, {@code 0} (not {@code 0.0}). */
  static String plain(Object value) {
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Double || value instanceof Float) {
      double x = ((Number) value).doubleValue();
      if (x == Math.rint(x) && Math.abs(x) < 1e15) {
        return Long.toString((long) x);
      }
    }
    return String.valueOf(value);
  }

  /** A value of the wrong type, with its type: {@code String "yes"}. */
  static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + " \"" + value + "\"";
  }
}
