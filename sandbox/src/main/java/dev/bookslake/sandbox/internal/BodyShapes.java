package dev.bookslake.sandbox.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The bodies of the {@code huge} and {@code trickle} faults: a page padded to {@link #HUGE_BYTES}
 * and a page sent in small pieces spread over time. Both stream: the padding is never held whole.
 */
final class BodyShapes {

  /** What a {@code huge} page weighs: the 64 MB product page of the crawler's incident. */
  static final long HUGE_BYTES = 64L << 20;

  /** How many pieces a trickled body is sent in. */
  static final int TRICKLE_PIECES = 50;

  private static final byte[] OPEN = "<!-- ".getBytes(US_ASCII);
  private static final byte[] CLOSE = " -->\n".getBytes(US_ASCII);
  private static final byte[] FILLER = filler(64 * 1024);

  private BodyShapes() {}

  /**
   * Writes {@code page} padded to exactly {@link #HUGE_BYTES} bytes by a comment just before its
   * {@code </html>}, so the page still parses and still ends with {@code </html>}.
   */
  static void writeHuge(OutputStream out, byte[] page) throws IOException {
    int end = lastIndexOf(page, "</html>".getBytes(US_ASCII));
    int cut = end < 0 ? page.length : end;
    out.write(page, 0, cut);
    out.write(OPEN);
    long padding = HUGE_BYTES - page.length - OPEN.length - CLOSE.length;
    for (long left = padding; left > 0; left -= FILLER.length) {
      out.write(FILLER, 0, (int) Math.min(left, FILLER.length));
    }
    out.write(CLOSE);
    out.write(page, cut, page.length - cut);
  }

  /**
   * Writes {@code body} in {@link #TRICKLE_PIECES} pieces, each flushed and followed by an equal
   * share of {@code totalMillis}: every read a client makes returns soon, yet the whole body takes
   * {@code totalMillis}.
   */
  static void writeTrickle(OutputStream out, byte[] body, long totalMillis, LongConsumer pause)
      throws IOException {
    int piece = Math.max(1, (body.length + TRICKLE_PIECES - 1) / TRICKLE_PIECES);
    long gap = totalMillis / TRICKLE_PIECES;
    for (int from = 0; from < body.length; from += piece) {
      out.write(body, from, Math.min(piece, body.length - from));
      out.flush();
      pause.accept(gap);
    }
  }

  private static int lastIndexOf(byte[] haystack, byte[] needle) {
    for (int i = haystack.length - needle.length; i >= 0; i--) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] filler(int size) {
    byte[] text = "padding ".getBytes(US_ASCII);
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = text[i % text.length];
    }
    return out;
  }
}
