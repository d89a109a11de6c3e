package dev.bookslake.ml.registry;

/**
 * A registry operation that cannot be done, with a {@link Kind} so that callers (the command line's
 * exit codes, the API's status codes) can tell a refusal from a broken registry.
 *
 * <pre>{@code
 * try {
 *   registry.rollback("rating", "alice", "v3 misbehaves");
 * } catch (ModelRegistryException e) {
 *   if (e.kind() == ModelRegistryException.Kind.CONFLICT) { ... }  // nothing to roll back to
 * }
 * }</pre>
 */
public final class ModelRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the operation cannot be done. */
  public enum Kind {
    /** An unknown model or version. */
    NOT_FOUND,
    /** The registry's state forbids it (e.g. no earlier production version to roll back to). */
    CONFLICT,
    /** A name or alias that cannot be used. */
    INVALID,
    /** The registry's files cannot be read or written. */
    IO
  }

  private final Kind kind;

  public ModelRegistryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ModelRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.kind = Kind.IO;
  }

  public Kind kind() {
    return kind;
  }
}
