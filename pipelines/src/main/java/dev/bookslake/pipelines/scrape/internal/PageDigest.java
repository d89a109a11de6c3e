package dev.bookslake.pipelines.scrape.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.HexFormat;
import org.conscrypt.Conscrypt;
import org.jspecify.annotations.Nullable;

/**
 * The SHA-256 of a page body (bronze's {@code sha256}, which silver's {@code page_sha256} names):
 * lowercase hex of the digest of the body's UTF-8 bytes.
 *
 * <p>Which implementation computes it depends on the JIT. The JDK's SHA-256 is fast only as C2's
 * intrinsic (SHA-NI, ~1 GB/s here); the launcher runs short commands with C1 alone, where the JDK's
 * digest is plain Java at ~100 MB/s: 0.4 s of CPU for a 1,000-book crawl, 4 s for 10,000. So when
 * the launcher says C1 alone ({@code -Dbookslake.jit=quick}), Conscrypt's (BoringSSL, the copy
 * Beam's own dependencies ship) computes it, ~300 MB/s through JNI; elsewhere (C2: the Flink
 * cluster's workers, {@code BOOKSLAKE_JIT=full}, tests) and where Conscrypt's native library does
 * not load (it ships for x86-64 Linux, macOS and Windows), the JDK's. Both are SHA-256: the hash is
 * the same ({@code PageDigestTest}).
 *
 * <pre>{@code
 * String hex = PageDigest.sha256("<html>...</html>");   // 64 hex digits
 * }</pre>
 */
public final class PageDigest {
  /** The system property the launcher sets to its JIT mode ({@code quick}: C1 alone). */
  public static final String JIT_PROPERTY = "bookslake.jit";

  private PageDigest() {}

  /** The hex SHA-256 of {@code body}'s UTF-8 bytes. */
  public static String sha256(String body) {
    return sha256(body, Native.PROVIDER);
  }

  /** {@link #sha256(String)} with the given provider's SHA-256, or the JDK's for {@code null}. */
  static String sha256(String body, @Nullable Provider provider) {
    MessageDigest digest;
    try {
      digest =
          provider == null
              ? MessageDigest.getInstance("SHA-256")
              : MessageDigest.getInstance("SHA-256", provider);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash page: SHA-256 is missing from this JVM", e);
    }
    return HexFormat.of().formatHex(digest.digest(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether this JVM hashes with Conscrypt rather than the JDK. */
  public static boolean usesConscrypt() {
    return Native.PROVIDER != null;
  }

  /** Loads Conscrypt's native library now, off the caller's first hash (~80 ms). */
  public static void prepare() {
    usesConscrypt();
  }

  // A holder, so that a JVM that hashes nothing never loads the native library.
  private static final class Native {
    static final @Nullable Provider PROVIDER = load();

    private static @Nullable Provider load() {
      if (!"quick".equals(System.getProperty(JIT_PROPERTY))) {
        return null;
      }
      try {
        return Conscrypt.isAvailable() ? Conscrypt.newProvider() : null;
      } catch (LinkageError unavailable) {
        // No native library for this platform, or one that does not link: the JDK's it is.
        return null;
      }
    }
  }
}
