package dev.bookslake.schemas.features;

import java.io.Serializable;
import java.util.List;

/**
 * Something a model predicts, and what it must not see while learning it.
 *
 * <p>{@code leakyColumns} are the gold.books columns that carry the target's answer (for price:
 * every price column and {@code price_band}); the contract refuses to load unless every feature
 * reading one of them is listed in {@code excludes}, so a new price-derived feature cannot leak
 * into the price model by accident.
 *
 * @param name the target's name, e.g. {@code price}
 * @param task classification or regression
 * @param source the gold.books column holding the true value
 * @param classes the classes of a classification target, in label order, else empty
 * @param min smallest allowed value of a regression target (inclusive), else null
 * @param max largest allowed value of a regression target (inclusive), else null
 * @param leakyColumns the gold.books columns that reveal the target
 * @param excludes the features withheld from models of this target
 * @param description what the target means, for people
 */
public record Target(
    String name,
    Task task,
    String source,
    List<Integer> classes,
    Double min,
    Double max,
    List<String> leakyColumns,
    List<String> excludes,
    String description)
    implements Serializable {

  public Target {
    classes = List.copyOf(classes);
    leakyColumns = List.copyOf(leakyColumns);
    excludes = List.copyOf(excludes);
  }

  /**
   * The training label of a true value: a class's index in {@link #classes()} (rating 1 is label
   * 0), or the number itself for regression.
   *
   * @throws IllegalArgumentException naming the target when the value is missing, not a number, not
   *     a class or out of range
   */
  public float label(Object value) {
    if (value == null) {
      throw new IllegalArgumentException(
          "Cannot label target " + name + ": column " + source + " is missing or null");
    }
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(
          "Cannot label target "
              + name
              + ": expected a number in column "
              + source
              + ", got "
              + Values.describe(value));
    }
    double x = number.doubleValue();
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(
          "Cannot label target " + name + ": " + value + " is not a finite number");
    }
    if (task == Task.CLASSIFICATION) {
      for (int i = 0; i < classes.size(); i++) {
        if (classes.get(i) == x) {
          return i;
        }
      }
      throw new IllegalArgumentException(
          "Cannot label target " + name + ": " + Values.plain(value) + " is not one of " + classes);
    }
    if (x < min) {
      throw new IllegalArgumentException(
          "Cannot label target "
              + name
              + ": "
              + Values.plain(value)
              + " is below "
              + Values.plain(min));
    }
    if (x > max) {
      throw new IllegalArgumentException(
          "Cannot label target "
              + name
              + ": "
              + Values.plain(value)
              + " is above "
              + Values.plain(max));
    }
    return (float) x;
  }
}
