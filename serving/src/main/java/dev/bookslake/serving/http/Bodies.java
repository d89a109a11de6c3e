package dev.bookslake.serving.http;

import dev.bookslake.serving.problem.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Reading request bodies: at most {@link #MAX_BYTES} (413 beyond, whatever the framing), parsed
 * as a JSON object (400 naming the problem otherwise), with typed field access.
 */
public final class Bodies {
  /** The largest request body the API accepts: 1 MiB. */
  public static final long MAX_BYTES = 1024 * 1024;

  private Bodies() {}

  /** The body as a JSON object; an empty body is an empty object. */
  public static JsonObject jsonObject(ServerRequest req) {
    byte[] bytes = read(req);
    if (bytes.length == 0) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw ProblemException.malformedBody("expected a JSON object, got " + value.getValueType().name().toLowerCase());
      }
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
      return reader.readValue();
    } catch (JsonException e) {
      throw ProblemException.malformedBody(e.getMessage());
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

  static byte[] read(ServerRequest req) {
    long declared = req.headers().first(HeaderNames.CONTENT_LENGTH).map(Bodies::parseLength).orElse(-1L);
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
