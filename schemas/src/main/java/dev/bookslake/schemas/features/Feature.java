package dev.bookslake.schemas.features;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * One entry of the feature contract. Most features fill one float of the vector; a one-hot feature
 * fills one per vocabulary entry, named {@code <name>__<slug>} (see {@link #columns()}).
 *
 * @param name the feature's name, snake_case
 * @param type what kind of value it describes
 * @param encoding how the source value becomes floats
 * @param sources the gold.books column(s) it reads; every current encoding reads exactly one
 * @param min smallest allowed source value (inclusive) for numbers, else null
 * @param max largest allowed source value (inclusive) for numbers, else null
 * @param vocabulary the categories of a one-hot feature, in column order, else empty
 * @param other the vocabulary entry unknown categories map to, else null
 * @param description what the feature means, for people
 */
public record Feature(
    String name,
    FeatureType type,
    Encoding encoding,
    List<String> sources,
    Double min,
    Double max,
    List<String> vocabulary,
    String other,
    String description)
    implements Serializable {

  public Feature {
    sources = List.copyOf(sources);
    vocabulary = List.copyOf(vocabulary);
  }

  /** The one column this feature reads. */
  public String source() {
    return sources.get(0);
  }

  /** The names of the vector positions this feature fills, in order. */
  public List<String> columns() {
    if (encoding != Encoding.ONE_HOT) {
      return List.of(name);
    }
    return vocabulary.stream().map(v -> name + "__" + slug(v)).toList();
  }

  /** How many floats this feature fills. */
  public int width() {
    return encoding == Encoding.ONE_HOT ? vocabulary.size() : 1;
  }

  /**
   * The form category names are matched and named by: lower case, every run of characters other
   * than letters and digits turned into one underscore, none at either end. "Sports and Games" and
   * "sports-and-games" both become {@code sports_and_games}; {@code __other__} becomes {@code
   * other}.
   */
  public static String slug(String value) {
    return value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
  }
}
