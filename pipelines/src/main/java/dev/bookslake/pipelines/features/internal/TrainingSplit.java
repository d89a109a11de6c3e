package dev.bookslake.pipelines.features.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The train/test split of a book, a pure function of its UPC: the same book lands on the same side
 * in every run and every dt, so a model's test set never leaks into a later training set.
 */
public final class TrainingSplit {
  public static final String TRAIN = "train";
  public static final String TEST = "test";

  /** Percentage of books in the test split. */
  public static final int TEST_PERCENT = 20;

  // A salt keeps the split independent of any other hash of the UPC; bump it to reshuffle.
  private static final String SALT = "bookslake-split-v1:";

  private TrainingSplit() {}

  /** {@code test} when the first 8 bytes of sha256(salt + upc), unsigned, mod 100 are below 20. */
  public static String of(String upc) {
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256")
              .digest((SALT + upc).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot split training data: no SHA-256 in this JVM", e);
    }
    long bucket = Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, 8).getLong(), 100);
    return bucket < TEST_PERCENT ? TEST : TRAIN;
  }
}
