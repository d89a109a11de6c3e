package dev.bookslake.serving.http;

import dev.bookslake.serving.problem.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading request bodies: at most {@link #MAX_BYTES} (413 beyond, whatever the framing), parsed as
 * a JSON object (400 naming the problem otherwise), with typed field access. Every number in a body
 * is checked on the way in: at most {@link #MAX_DIGITS} significant digits and a magnitude from
 * 1e-{@value #MAX_EXPONENT} to 1e{@value #MAX_EXPONENT} (or zero). {@code 1e-999999999} is 13
 * bytes, but its plain digits are a gigabyte: no code behind this may ever spell it out.
 */
public final class Bodies {
  /** The largest request body the API accepts: 1 MiB. */
  public static final long MAX_BYTES = 1024 * 1024;

  /** The most significant digits of a number in a JSON body. */
  public static final int MAX_DIGITS = 40;

  /** The largest decimal exponent of a number in a JSON body. */
  public static final int MAX_EXPONENT = 100;

  /**
   * The smallest decimal exponent (negated) of a non-zero number in a JSON body: every double, down
   * to 4.9e-324, passes, as a client's JSON encoder may send one; 1e-99999999 does not.
   */
  public static final int MIN_EXPONENT = 400;

  private Bodies() {}

  /** The body as a JSON object; an empty body is an empty object. */
  public static JsonObject jsonObject(ServerRequest req) {
    return jsonObject(read(req));
  }

  /**
   * The body's bytes, at most {@link #MAX_BYTES} (413 beyond): read before work is bounded, so a
   * slow upload holds no place.
   */
  public static byte[] bytes(ServerRequest req) {
    return read(req);
  }

  /** Body bytes as a JSON object; no bytes are an empty object. */
  public static JsonObject jsonObject(byte[] bytes) {
    if (bytes.length == 0) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw ProblemException.malformedBody(
            "expected a JSON object, got " + value.getValueType().name().toLowerCase());
      }
      checkNumbers(value, null);
      return value.asJsonObject();
    } catch (JsonException e) {
      throw ProblemException.malformedBody(e.getMessage());
    }
  }

  /** The body as any JSON value (object or array); 400 when it is empty or not JSON. */
  public static JsonValue json(ServerRequest req) {
    byte[] bytes = read(req);
    if (bytes.length == 0) {
      throw ProblemException.malformedBody("the body is empty");
    }
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes))) {
      JsonValue value = reader.readValue();
      checkNumbers(value, null);
      return value;
    } catch (JsonException e) {
      throw ProblemException.malformedBody(e.getMessage());
    }
  }

  /**
   * Refuses fields outside {@code allowed} with a 400 naming them, so a typo ({@code "verison"})
   * never silently changes what a request does.
   */
  public static void onlyFields(JsonObject body, String... allowed) {
    Set<String> unknown = new TreeSet<>(body.keySet());
    List.of(allowed).forEach(unknown::remove);
    if (!unknown.isEmpty()) {
      throw ProblemException.invalidItem(
          String.join(",", unknown),
          "Cannot use unknown fields: "
              + String.join(", ", unknown)
              + " (this body takes "
              + String.join(", ", allowed)
              + ")");
    }
  }

  /** A string field, if present; 400 naming the field when it is not a string. */
  public static Optional<String> string(JsonObject body, String field) {
    JsonValue v = body.get(field);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return Optional.empty();
    }
    if (!(v instanceof JsonString s)) {
      throw ProblemException.invalidParameter(field, v.toString(), "must be a JSON string");
    }
    return Optional.of(s.getString());
  }

  /** A required, non-empty string field. */
  public static String requiredString(JsonObject body, String field) {
    String s = string(body, field).orElseThrow(() -> ProblemException.missingField(field));
    if (s.isEmpty()) {
      throw ProblemException.invalidParameter(field, s, "must not be empty");
    }
    return s;
  }

  /** Where a value sits in a body, built only when a number is refused. */
  private record Where(Where parent, String name, int index) {
    @Override
    public String toString() {
      String here = name != null ? name : "[" + index + "]";
      if (parent == null) {
        return here;
      }
      return parent + (name != null ? "." + here : here);
    }
  }

  /** Refuses (400 naming the field) any number too long or too large or small to spell out. */
  static void checkNumbers(JsonValue value, Where where) {
    switch (value.getValueType()) {
      case OBJECT ->
          value.asJsonObject().forEach((k, v) -> checkNumbers(v, new Where(where, k, -1)));
      case ARRAY -> {
        int i = 0;
        for (JsonValue v : value.asJsonArray()) {
          checkNumbers(v, new Where(where, null, i++));
        }
      }
      case NUMBER -> {
        BigDecimal d = ((JsonNumber) value).bigDecimalValue();
        if (d.signum() == 0) {
          return;
        }
        BigDecimal stripped = d.stripTrailingZeros();
        long exponent = (long) stripped.precision() - stripped.scale() - 1;
        if (stripped.precision() > MAX_DIGITS
            || exponent > MAX_EXPONENT
            || exponent < -MIN_EXPONENT) {
          // BigDecimal.toString() stays in scientific notation here: short whatever the exponent.
          throw ProblemException.invalidParameter(
              where == null ? "body" : where.toString(),
              d.toString(),
              "must be a number of at most "
                  + MAX_DIGITS
                  + " significant digits from 1e-"
                  + MIN_EXPONENT
                  + " to 1e"
                  + MAX_EXPONENT
                  + " in magnitude, or 0");
        }
      }
      default -> {
        // Strings, booleans and null have no hidden size.
      }
    }
  }

  static byte[] read(ServerRequest req) {
    long declared =
        req.headers().first(HeaderNames.CONTENT_LENGTH).map(Bodies::parseLength).orElse(-1L);
    if (declared > MAX_BYTES) {
      throw ProblemException.payloadTooLarge(MAX_BYTES);
    }
    if (!req.content().hasEntity()) {
      return new byte[0];
    }
    try (InputStream in = req.content().inputStream()) {
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw ProblemException.payloadTooLarge(MAX_BYTES);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read request body", e);
    }
  }

  private static long parseLength(String v) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
