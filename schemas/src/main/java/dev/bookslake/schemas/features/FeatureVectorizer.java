package dev.bookslake.schemas.features;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the gold.books columns of one book into the float vector of the feature contract, checking
 * every value on the way. Obtain one from {@link FeatureContract#vectorizer()} (all features) or
 * {@link FeatureContract#vectorizer(String)} (the features a target's model may see). It is
 * immutable and thread-safe.
 *
 * <pre>{@code
 * FeatureVectorizer v = FeatureContract.load().vectorizer("rating");
 * float[] x = v.vectorise(Map.of("price_excl_tax", new BigDecimal("45.17"), "review_count", 0,
 *     "stock_count", 19, "in_stock", true, "description_length", 740, "title_word_count", 3,
 *     "days_since_first_seen", 0, "category", "Travel"));
 * }</pre>
 *
 * <p>Numbers may be any {@link Number} ({@code Integer}, {@code BigDecimal}, ...), booleans must be
 * {@link Boolean}, categories any {@link CharSequence}. Columns the selected features do not read
 * are ignored.
 *
 * <p>{@link #vectorise} is strict: training and batch prediction read complete gold rows, and a
 * missing column there is a bug. {@link #vectorisePartial} is the lenient path for clients that
 * know only some columns: a missing feature becomes NaN in every slot it fills, which is how
 * XGBoost reads "missing" (each split sends it down its learned default branch).
 */
public final class FeatureVectorizer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Feature> features;
  private final Target target;
  private final List<String> featureNames;
  private final Map<String, Map<String, Integer>> slotsBySlug;

  FeatureVectorizer(List<Feature> features, Target target) {
    this.features = List.copyOf(features);
    this.target = target;
    this.featureNames = this.features.stream().flatMap(f -> f.columns().stream()).toList();
    Map<String, Map<String, Integer>> slots = new HashMap<>();
    for (Feature feature : this.features) {
      if (feature.encoding() == Encoding.ONE_HOT) {
        Map<String, Integer> bySlug = new HashMap<>();
        for (int i = 0; i < feature.vocabulary().size(); i++) {
          bySlug.put(Feature.slug(feature.vocabulary().get(i)), i);
        }
        slots.put(feature.name(), Map.copyOf(bySlug));
      }
    }
    this.slotsBySlug = Map.copyOf(slots);
  }

  /** The column name of each vector position, in order. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** The length of every vector. */
  public int width() {
    return featureNames.size();
  }

  /** The target whose leaky features are left out, if any. */
  public Optional<Target> target() {
    return Optional.ofNullable(target);
  }

  /**
   * The feature vector of one book.
   *
   * @param columns gold.books column name to value
   * @throws IllegalArgumentException naming the feature when a value is missing, of the wrong type,
   *     not finite or out of range, e.g. "Cannot vectorise feature price_excl_tax: -3 is below 0"
   */
  public float[] vectorise(Map<String, ?> columns) {
    float[] vector = new float[featureNames.size()];
    int at = 0;
    for (Feature feature : features) {
      Object value = columns.get(feature.source());
      if (value == null) {
        throw fail(feature, "column " + feature.source() + " is missing or null");
      }
      fill(vector, at, feature, value);
      at += feature.width();
    }
    return vector;
  }

  /**
   * A feature vector with some features unknown.
   *
   * @param vector the vector; NaN in every slot of a missing feature
   * @param missing the source columns of the missing features, in contract order; empty when none
   */
  public record Partial(float[] vector, List<String> missing) {
    public Partial {
      missing = List.copyOf(missing);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Partial p && Arrays.equals(vector, p.vector) && missing.equals(p.missing);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(vector) + missing.hashCode();
    }

    @Override
    public String toString() {
      return "Partial[vector=" + Arrays.toString(vector) + ", missing=" + missing + "]";
    }
  }

  /**
   * The feature vector of a book whose columns are partly unknown: a column that is absent (or
   * null) is a missing value, NaN in every slot of its feature (a one-hot feature too: all-zero
   * would claim "none of these categories", which the model never saw); a column that is given
   * passes every check of {@link #vectorise}.
   *
   * <pre>{@code
   * Partial p = v.vectorisePartial(Map.of("category", "Poetry", "in_stock", true));
   * p.missing();   // [price_excl_tax, review_count, stock_count, ...]
   * }</pre>
   *
   * @throws IllegalArgumentException as {@link #vectorise} for a value that is given
   */
  public Partial vectorisePartial(Map<String, ?> columns) {
    float[] vector = new float[featureNames.size()];
    List<String> missing = new ArrayList<>();
    int at = 0;
    for (Feature feature : features) {
      if (columns.get(feature.source()) == null) {
        Arrays.fill(vector, at, at + feature.width(), Float.NaN);
        missing.add(feature.source());
      } else {
        fill(vector, at, feature, columns.get(feature.source()));
      }
      at += feature.width();
    }
    return new Partial(vector, missing);
  }

  private void fill(float[] vector, int at, Feature feature, Object value) {
    switch (feature.encoding()) {
      case IDENTITY -> vector[at] = (float) number(feature, value);
      case LOG1P -> vector[at] = (float) StrictMath.log1p(number(feature, value));
      case BOOL01 -> vector[at] = bool(feature, value) ? 1f : 0f;
      case ONE_HOT -> vector[at + slot(feature, value)] = 1f;
    }
  }

  private static double number(Feature feature, Object value) {
    if (!(value instanceof Number number)) {
      throw fail(
          feature,
          "expected a number in column " + feature.source() + ", got " + Values.describe(value));
    }
    double x = number instanceof BigDecimal d ? d.doubleValue() : number.doubleValue();
    if (!Double.isFinite(x)) {
      throw fail(feature, value + " is not a finite number");
    }
    if (x < feature.min()) {
      throw fail(feature, Values.plain(value) + " is below " + Values.plain(feature.min()));
    }
    if (x > feature.max()) {
      throw fail(feature, Values.plain(value) + " is above " + Values.plain(feature.max()));
    }
    return x;
  }

  private static boolean bool(Feature feature, Object value) {
    if (!(value instanceof Boolean b)) {
      throw fail(
          feature,
          "expected a boolean in column " + feature.source() + ", got " + Values.describe(value));
    }
    return b;
  }

  private int slot(Feature feature, Object value) {
    if (!(value instanceof CharSequence text)) {
      throw fail(
          feature,
          "expected a string in column " + feature.source() + ", got " + Values.describe(value));
    }
    String slug = Feature.slug(text.toString());
    if (slug.isEmpty()) {
      throw fail(feature, "column " + feature.source() + " is blank");
    }
    Map<String, Integer> slots = slotsBySlug.get(feature.name());
    Integer slot = slots.get(slug);
    return slot != null ? slot : slots.get(Feature.slug(feature.other()));
  }

  private static IllegalArgumentException fail(Feature feature, String reason) {
    return new IllegalArgumentException(
        "Cannot vectorise feature " + feature.name() + ": " + reason);
  }
}
