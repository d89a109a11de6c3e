package dev.bookslake.schemas.features;

import java.util.Locale;

/** The learning task of a target. */
public enum Task {
  /** A class out of a fixed list; the label is the class's index in that list. */
  CLASSIFICATION,
  /** A real number within the target's range. */
  REGRESSION;

  /** The spelling in the contract's JSON, e.g. {@code regression}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the JSON spelling. */
  public static Task fromJson(String value) {
    for (Task task : values()) {
      if (task.jsonName().equals(value)) {
        return task;
      }
    }
    throw new IllegalArgumentException("Cannot parse target task: " + value);
  }
}
