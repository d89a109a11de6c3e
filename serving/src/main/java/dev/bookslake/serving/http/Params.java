package dev.bookslake.serving.http;

import dev.bookslake.serving.problem.ProblemException;
import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.ServerRequest;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query parameters of one request, checked against the names a route accepts. Every parse
 * failure is a 400 problem naming the parameter and its value; an unknown or repeated parameter
 * is refused too, so a typo ({@code min_prize}) never silently widens a result.
 */
public final class Params {
  private static final Params EMPTY = new Params(Map.of());

  private final Map<String, String> values;

  private Params(Map<String, String> values) {
    this.values = values;
  }

  /** The query of a request, refusing names outside {@code allowed}. */
  public static Params of(ServerRequest req, String... allowed) {
    return of(req.query(), allowed);
  }

  /** The parameters of a raw query, refusing names outside {@code allowed}. */
  public static Params of(UriQuery query, String... allowed) {
    if (query.isEmpty()) {
      return EMPTY;
    }
    Set<String> known = Set.copyOf(Arrays.asList(allowed));
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : query.names()) {
      if (!known.contains(name)) {
        throw ProblemException.invalidParameter(
            name,
            query.first(name).orElse(""),
            allowed.length == 0
                ? "unknown parameter; this route takes no query parameters"
                : "unknown parameter; this route accepts " + String.join(", ", allowed));
      }
      List<String> all = query.all(name);
      if (all.size() > 1) {
        throw ProblemException.invalidParameter(name, String.join(",", all), "give this parameter once");
      }
      values.put(name, all.isEmpty() ? "" : all.get(0));
    }
    return new Params(values);
  }

  /** The parameters as given, in request order. */
  public Map<String, String> asMap() {
    return values;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** A non-blank string parameter. */
  public Optional<String> string(String name) {
    String v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (v.isBlank()) {
      throw ProblemException.invalidParameter(name, v, "must not be empty");
    }
    return Optional.of(v.strip());
  }

  /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
  public int integer(String name, int fallback, int min, int max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    String rule = "must be an integer from " + min + " to " + max;
    try {
      int n = Integer.parseInt(v.strip());
      if (n < min || n > max) {
        throw ProblemException.invalidParameter(name, v, rule);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ProblemException.invalidParameter(name, v, rule);
    }
  }

  /** A non-negative decimal number, e.g. a price. */
  public Optional<BigDecimal> decimal(String name) {
    String v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    String rule = "must be a non-negative number such as 12.50";
    try {
      BigDecimal d = new BigDecimal(v.strip());
      if (d.signum() < 0 || d.precision() - d.scale() > 12) {
        throw ProblemException.invalidParameter(name, v, rule);
      }
      return Optional.of(d);
    } catch (NumberFormatException e) {
      throw ProblemException.invalidParameter(name, v, rule);
    }
  }

  /** {@code true} or {@code false}. */
  public Optional<Boolean> bool(String name) {
    String v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    return switch (v.strip()) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> throw ProblemException.invalidParameter(name, v, "must be true or false");
    };
  }

  /** One of a fixed set of words, lower case. */
  public Optional<String> oneOf(String name, String... choices) {
    String v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    for (String c : choices) {
      if (c.equals(v.strip())) {
        return Optional.of(c);
      }
    }
    throw ProblemException.invalidParameter(name, v, "must be one of " + String.join(", ", choices));
  }

  /** Refuses {@code min > max} for a pair of bounds, naming both parameters. */
  public static void checkRange(String minName, Optional<BigDecimal> min, String maxName, Optional<BigDecimal> max) {
    if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
      throw ProblemException.invalidParameter(
          minName, min.get().toPlainString(), minName + " must not exceed " + maxName + "=" + max.get().toPlainString());
    }
  }
}
