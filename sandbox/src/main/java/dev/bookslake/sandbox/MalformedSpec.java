package dev.bookslake.sandbox;

import dev.bookslake.sandbox.internal.SpecPairs;
import java.util.List;

/**
 * How many books the sandbox serves with each data defect, for the data-quality rules of the silver
 * stage. The books are picked deterministically; {@link Catalogue#malformedBooks()} names them.
 *
 * <ul>
 *   <li>{@code missing-price}: no {@code p.price_color} and no price rows in the information table
 *   <li>{@code zero-rating}: {@code p.star-rating Zero}
 *   <li>{@code bad-upc}: a 16-character UPC that is not hexadecimal
 *   <li>{@code duplicate-upc}: the UPC of another, well-formed book
 * </ul>
 *
 * <pre>{@code
 * Catalogue catalogue = new Catalogue(1000, 42, MalformedSpec.parse("missing-price=3,bad-upc=2"));
 * catalogue.malformedBooks(); // five ids, each mapped to "missing-price" or "bad-upc"
 * }</pre>
 */
public record MalformedSpec(int missingPrice, int zeroRating, int badUpc, int duplicateUpc) {

  private static final MalformedSpec NONE = new MalformedSpec(0, 0, 0, 0);
  private static final List<String> KEYS =
      List.of("missing-price", "zero-rating", "bad-upc", "duplicate-upc");

  public MalformedSpec {
    if (missingPrice < 0 || zeroRating < 0 || badUpc < 0 || duplicateUpc < 0) {
      throw new IllegalArgumentException(
          ("Cannot use negative malformed counts: "
                  + "missing-price=%d,zero-rating=%d,bad-upc=%d,duplicate-upc=%d")
              .formatted(missingPrice, zeroRating, badUpc, duplicateUpc));
    }
  }

  /** Every book well-formed. */
  public static MalformedSpec none() {
    return NONE;
  }

  /**
   * Parses {@code key=count} pairs separated by commas; keys are {@code missing-price}, {@code
   * zero-rating}, {@code bad-upc} and {@code duplicate-upc}. Missing keys are 0; an empty string or
   * {@code none} means no malformed books.
   *
   * @throws IllegalArgumentException "Cannot parse malformed spec: ..." for an unknown key, a
   *     repeated key or a count that is not a non-negative integer
   */
  public static MalformedSpec parse(String spec) {
    String[] values = SpecPairs.parse(spec, "malformed", KEYS);
    int[] counts = new int[values.length];
    try {
      for (int i = 0; i < values.length; i++) {
        counts[i] = values[i] == null ? 0 : Integer.parseInt(values[i]);
      }
      return new MalformedSpec(counts[0], counts[1], counts[2], counts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot parse malformed spec: " + spec, e);
    }
  }

  /** How many books are malformed in total. */
  public int total() {
    return missingPrice + zeroRating + badUpc + duplicateUpc;
  }
}
