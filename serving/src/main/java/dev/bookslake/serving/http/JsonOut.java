package dev.bookslake.serving.http;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * A small streaming JSON writer into a byte buffer. It exists because responses are built once per
 * snapshot and then served as bytes: precomputed fragments are spliced in with {@link
 * #raw(byte[])}, and decimals are written exactly (never through {@code double}).
 */
public final class JsonOut {
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

  private byte[] buf;
  private int len;
  // One bit per nesting level: does the next element need a comma?
  private long needsComma;
  private int depth;
  private boolean afterName;

  public JsonOut(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  public JsonOut beginObject() {
    separate();
    put((byte) '{');
    push();
    return this;
  }

  public JsonOut endObject() {
    depth--;
    put((byte) '}');
    return this;
  }

  public JsonOut beginArray() {
    separate();
    put((byte) '[');
    push();
    return this;
  }

  public JsonOut endArray() {
    depth--;
    put((byte) ']');
    return this;
  }

  /** Writes a member name; the next value belongs to it. */
  public JsonOut name(String name) {
    separate();
    string(name);
    put((byte) ':');
    afterName = true;
    return this;
  }

  /** Splices in an already encoded JSON value. */
  public JsonOut raw(byte[] json) {
    separate();
    put(json, 0, json.length);
    return this;
  }

  public JsonOut value(long v) {
    separate();
    ascii(Long.toString(v));
    return this;
  }

  public JsonOut value(boolean v) {
    separate();
    put(v ? TRUE : FALSE, 0, v ? 4 : 5);
    return this;
  }

  public JsonOut nullValue() {
    separate();
    put(NULL, 0, 4);
    return this;
  }

  /**
   * Writes any plain Java value: strings, numbers (decimals exactly, non-finite doubles as null),
   * booleans, dates and times as ISO strings, maps as objects, collections and arrays as arrays.
   */
  public JsonOut value(Object v) {
    switch (v) {
      case null -> nullValue();
      case String s -> {
        separate();
        string(s);
      }
      case Boolean b -> value(b.booleanValue());
      case Integer i -> value(i.longValue());
      case Long l -> value(l.longValue());
      case Short s -> value(s.longValue());
      case Byte b -> value(b.longValue());
      case BigDecimal d -> {
        separate();
        ascii(d.toPlainString());
      }
      case BigInteger i -> {
        separate();
        ascii(i.toString());
      }
      case Double d -> number(d);
      case Float f -> number(f.doubleValue());
      case Number n -> number(n.doubleValue());
      case TemporalAccessor t -> {
        separate();
        string(t.toString());
      }
      case Map<?, ?> m -> {
        beginObject();
        m.forEach((k, val) -> name(String.valueOf(k)).value(val));
        endObject();
      }
      case Collection<?> c -> {
        beginArray();
        c.forEach(this::value);
        endArray();
      }
      case Object[] a -> value(Arrays.asList(a));
      default -> {
        separate();
        string(v.toString());
      }
    }
    return this;
  }

  public byte[] toBytes() {
    return Arrays.copyOf(buf, len);
  }

  @Override
  public String toString() {
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }

  private void number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      nullValue();
      return;
    }
    separate();
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      ascii(Long.toString((long) d) + ".0");
    } else {
      ascii(Double.toString(d));
    }
  }

  private void push() {
    depth++;
    needsComma &= ~(1L << depth);
  }

  private void separate() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth > 0) {
      long bit = 1L << depth;
      if ((needsComma & bit) != 0) {
        put((byte) ',');
      } else {
        needsComma |= bit;
      }
    }
  }

  private void string(String s) {
    put((byte) '"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        switch (c) {
          case '"' -> ascii("\\\"");
          case '\\' -> ascii("\\\\");
          case '\n' -> ascii("\\n");
          case '\r' -> ascii("\\r");
          case '\t' -> ascii("\\t");
          case '\b' -> ascii("\\b");
          case '\f' -> ascii("\\f");
          default -> {
            if (c < 0x20) {
              ascii(String.format("\\u%04x", (int) c));
            } else {
              put((byte) c);
            }
          }
        }
      } else {
        int end = i + 1;
        while (end < n && s.charAt(end) >= 0x80) {
          end++;
        }
        byte[] utf8 = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
        put(utf8, 0, utf8.length);
        i = end - 1;
      }
    }
    put((byte) '"');
  }

  private void ascii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void put(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
