package dev.bookslake.lake;

import java.util.Locale;

/** The medallion layers of the lake, plus the model registry and logs that live beside them. */
public enum Layer {
  BRONZE,
  SILVER,
  GOLD,
  LOGS;

  /** The folder name under the lake root, e.g. {@code bronze}. */
  public String folder() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a folder name such as {@code silver}. */
  public static Layer fromFolder(String folder) {
    for (Layer layer : values()) {
      if (layer.folder().equals(folder)) {
        return layer;
      }
    }
    throw new IllegalArgumentException("Cannot parse lake layer: " + folder);
  }
}
