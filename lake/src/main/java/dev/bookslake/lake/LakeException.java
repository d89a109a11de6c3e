package dev.bookslake.lake;

/**
 * An I/O or contract failure in the lake, with a message of the form "Cannot verb thing: value".
 */
public class LakeException extends RuntimeException {
  public LakeException(String message) {
    super(message);
  }

  public LakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
