package dev.bookslake.serving.auth;

import java.util.Locale;

/**
 * What a user may do: every user reads and submits; only an {@code admin} promotes or rolls back
 * models and triggers runs of the data path. A users-file line names it last ({@code
 * ...:hash-b64:admin}); a line without one is a {@code user}.
 */
public enum Role {
  USER,
  ADMIN;

  /** The role's name in users files and tokens: {@code user} or {@code admin}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role of a label, or an {@link IllegalArgumentException} naming the choices. */
  public static Role of(String label) {
    for (Role r : values()) {
      if (r.label().equals(label)) {
        return r;
      }
    }
    throw new IllegalArgumentException("Cannot use role " + label + ": use user or admin");
  }
}
