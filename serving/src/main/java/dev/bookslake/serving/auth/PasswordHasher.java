package dev.bookslake.serving.auth;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing with the JDK's PBKDF2-HMAC-SHA256 and a random 16-byte salt, written as one
 * users-file line: {@code username:pbkdf2-sha256:iterations:salt-b64:hash-b64}.
 */
public final class PasswordHasher {
  /** The fewest iterations accepted (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
  public static final int MIN_ITERATIONS = 210_000;

  /** The scheme name in a users-file line. */
  public static final String SCHEME = "pbkdf2-sha256";

  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHasher() {}

  /** A users-file line for a user and password. */
  public static String line(String username, char[] password, int iterations) {
    Users.checkUsername(username);
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          "Cannot hash with " + iterations + " iterations: use at least " + MIN_ITERATIONS);
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder();
    return String.join(
        ":",
        username,
        SCHEME,
        Integer.toString(iterations),
        b64.encodeToString(salt),
        b64.encodeToString(hash));
  }

  /** PBKDF2-HMAC-SHA256 of a password. */
  static byte[] derive(char[] password, byte[] salt, int iterations) {
    KeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot derive a PBKDF2 key on this JDK", e);
    } finally {
      ((PBEKeySpec) spec).clearPassword();
    }
  }

  /** A random password of 20 URL-safe characters, for the demo user. */
  public static String randomPassword() {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static void wipe(char[] password) {
    Arrays.fill(password, '\0');
  }
}
