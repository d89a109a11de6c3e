package dev.bookslake.pipelines.common;

/**
 * A command line the command cannot run: an unknown command, option, name or value, or one that
 * cannot be parsed. The command line ({@code cli.Bookslake}) exits 2 for this and only this; any
 * other exception, an {@link IllegalArgumentException} about the data included, exits 1. It is an
 * {@link IllegalArgumentException} so that callers outside the command line may treat it as one.
 *
 * <pre>{@code
 * throw new UsageException("Cannot list models in format: " + format + " (use --format table or json)");
 * }</pre>
 */
public final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  /** For an argument some other code refused: its message, with its exception as the cause. */
  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
