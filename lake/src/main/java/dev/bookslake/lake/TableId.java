package dev.bookslake.lake;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A lake table: a layer and a snake_case name, e.g. {@code silver.books}.
 *
 * <pre>{@code
 * TableId pages = TableId.parse("bronze.pages");
 * }</pre>
 */
public record TableId(Layer layer, String name) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public TableId {
    Objects.requireNonNull(layer, "layer");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Cannot use table name: " + name);
    }
  }

  public static TableId of(Layer layer, String name) {
    return new TableId(layer, name);
  }

  /** Parses {@code layer.name}, the form analysts use in SQL ({@code gold.books}). */
  public static TableId parse(String qualified) {
    int dot = qualified.indexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException(
          "Cannot parse table id (expected layer.name): " + qualified);
    }
    return new TableId(Layer.fromFolder(qualified.substring(0, dot)), qualified.substring(dot + 1));
  }

  @Override
  public String toString() {
    return layer.folder() + "." + name;
  }
}
