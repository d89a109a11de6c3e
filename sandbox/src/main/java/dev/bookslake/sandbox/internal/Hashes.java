package dev.bookslake.sandbox.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Stable 64-bit hashes. Every generated value in the sandbox derives from these, so they must never
 * change: changing one changes every page the sandbox serves.
 */
public final class Hashes {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Hashes() {}

  /** SplitMix64's finaliser: a bijection on 64-bit values with good avalanche. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public static long of(long seed, long salt) {
    return mix64(mix64(seed + GOLDEN) ^ mix64(salt * GOLDEN + 0x632BE59BD9B4E019L));
  }

  public static long of(long seed, long salt, long x) {
    return mix64(of(seed, salt) + mix64(x ^ 0xD1B54A32D192ED03L));
  }

  public static long of(long seed, long salt, long x, long y) {
    return mix64(of(seed, salt, x) ^ mix64(y + GOLDEN));
  }

  /** A uniform double in [0, 1) from a hash. */
  public static double unit(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }

  /** A hash of a string's characters (for paths). */
  public static long ofChars(CharSequence text) {
    long h = 0xCBF29CE484222325L;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001B3L;
    }
    return mix64(h ^ text.length());
  }

  /** A hash of a byte array, eight bytes at a time (for ETags of whole pages). */
  public static long ofBytes(byte[] bytes) {
    long h = mix64(bytes.length + GOLDEN);
    int i = 0;
    for (; i + 8 <= bytes.length; i += 8) {
      h = Long.rotateLeft(h ^ mix64((long) LONGS.get(bytes, i)), 29) * GOLDEN;
    }
    long tail = 0;
    for (int shift = 0; i < bytes.length; i++, shift += 8) {
      tail |= (bytes[i] & 0xFFL) << shift;
    }
    return mix64(h ^ mix64(tail + GOLDEN));
  }
}
