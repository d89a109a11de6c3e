package dev.bookslake.pipelines.train;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which {@code split='train'} rows of {@code gold.training_data} training holds back to choose
 * between candidates: a pure function of the UPC, like the train/test split, but with its own salt
 * so that it is independent of that split and takes about {@value #PERCENT}% of the train rows.
 *
 * <pre>{@code
 * boolean validation = ValidationSlice.contains("a897fe39b1053632");
 * }</pre>
 */
public final class ValidationSlice {
  /** Percentage of the train rows held back for validation. */
  public static final int PERCENT = 20;

  // Not the train/test split's salt: under it every train row hashes to 20..99, so the same
  // bucket rule would hold back nothing. Bump it to reshuffle.
  private static final String SALT = "bookslake-validation-v1:";

  private ValidationSlice() {}

  /**
   * Whether the first 8 bytes of sha256(salt + upc), unsigned, mod 100 are below {@value #PERCENT}.
   */
  public static boolean contains(String upc) {
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256")
              .digest((SALT + upc).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot carve validation slice: no SHA-256 in this JVM", e);
    }
    return Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, 8).getLong(), 100) < PERCENT;
  }
}
