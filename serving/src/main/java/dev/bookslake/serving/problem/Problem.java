package dev.bookslake.serving.problem;

import dev.bookslake.serving.http.JsonOut;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One problem detail (RFC 9457): what every error response of the API carries, as {@code
 * application/problem+json}.
 *
 * @param type a stable URN naming the kind of problem, e.g. {@code
 *     urn:bookslake:problem:invalid-parameter}
 * @param title a short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what went wrong with this request, naming the bad field and value
 * @param instance the request path the problem is about
 * @param extensions extra members such as {@code field} and {@code value}
 */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    Map<String, Object> extensions) {

  /** The media type of a problem document. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** The prefix of every problem type of this API. */
  public static final String TYPE_PREFIX = "urn:bookslake:problem:";

  public Problem {
    extensions = Map.copyOf(extensions == null ? Map.of() : extensions);
  }

  /** A problem of type {@code urn:bookslake:problem:<slug>}. */
  public static Problem of(String slug, String title, int status, String detail) {
    return new Problem(TYPE_PREFIX + slug, title, status, detail, null, Map.of());
  }

  /** The same problem about another request path. */
  public Problem at(String path) {
    return new Problem(type, title, status, detail, path, extensions);
  }

  /** The same problem with one more extension member. */
  public Problem with(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extensions);
    if (value != null) {
      more.put(name, value);
    }
    return new Problem(type, title, status, detail, instance, more);
  }

  /** The problem document as UTF-8 JSON. */
  public byte[] toJson() {
    JsonOut out = new JsonOut(256).beginObject();
    out.name("type").value(type);
    out.name("title").value(title);
    out.name("status").value(status);
    out.name("detail").value(detail);
    if (instance != null) {
      out.name("instance").value(instance);
    }
    extensions.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.name(e.getKey()).value(e.getValue()));
    return out.endObject().toBytes();
  }
}
