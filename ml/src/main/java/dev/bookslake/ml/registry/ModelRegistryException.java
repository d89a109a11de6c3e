package dev.bookslake.ml.registry;

/** A registry operation that cannot be done: an unknown model, version or alias, or an I/O failure. */
public final class ModelRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelRegistryException(String message) {
    super(message);
  }

  public ModelRegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
