package dev.bookslake.serving.http;

import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.BookSort;
import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.ServerRequest;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query parameters of one request, checked against the names a route accepts. Every parse
 * failure is a 400 problem naming the parameter and its value; an unknown or repeated parameter is
 * refused too, so a typo ({@code min_prize}) never silently widens a result.
 *
 * <p>Each accessor also records the value it parsed in a canonical spelling, so {@link
 * #canonical()} names one response whatever the client's spelling ({@code size=0100} is {@code
 * size=100}, the order of parameters does not matter): the key of the response cache and the query
 * of {@code Link} headers.
 */
public final class Params {
  /** The most digits a decimal parameter may have before the point. */
  public static final int MAX_INTEGER_DIGITS = 12;

  /**
   * The most digits a decimal parameter may have after the point (trailing zeros aside): enough for
   * the shortest spelling of every double (4.9e-324), never 1e-99999999.
   */
  public static final int MAX_DECIMALS = 400;

  private static final int MAX_DECIMAL_CHARS = 64;

  // OpenAPI's date is RFC 3339's full-date; Java's parser alone would also take +10000-01-01.
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  // OpenAPI's date-time is RFC 3339's: seconds and an offset are required, T and Z may be lower
  // case, the fraction has any length, the offset any hour up to 23 (Java's parsers stop at 18),
  // and second 60 is a leap second.
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]+))?"
              + "(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))");
  private static final Pattern POSITIVE_LONG = Pattern.compile("[0-9]{1,19}");

  private final Map<String, String> values;
  private final Map<String, String> parsed = new TreeMap<>();

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
      return new Params(Map.of());
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
        throw ProblemException.invalidParameter(
            name, String.join(",", all), "give this parameter once");
      }
      values.put(name, all.isEmpty() ? "" : all.get(0));
    }
    return new Params(values);
  }

  /** The parameters as given, in request order. */
  public Map<String, String> asMap() {
    return values;
  }

  /**
   * Every given parameter by name, each in the canonical spelling its accessor recorded (a
   * parameter no accessor has read yet keeps the spelling it was sent in, so two requests never
   * share a canonical form unless they ask the same).
   */
  public SortedMap<String, String> canonical() {
    SortedMap<String, String> out = new TreeMap<>();
    values.forEach((name, raw) -> out.put(name, parsed.getOrDefault(name, raw)));
    return out;
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
    parsed.put(name, v.strip());
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
      parsed.put(name, Integer.toString(n));
      return n;
    } catch (NumberFormatException e) {
      throw ProblemException.invalidParameter(name, v, rule);
    }
  }

  /**
   * A non-negative decimal number, e.g. a price, with at most {@link #MAX_INTEGER_DIGITS} digits
   * before the point and {@link #MAX_DECIMALS} after it: an exponent may spell it ({@code 2E+1}),
   * but {@code 1e-99999999} is refused, never expanded.
   */
  public Optional<BigDecimal> decimal(String name) {
    String v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    String rule =
        "must be a non-negative number with at most "
            + MAX_INTEGER_DIGITS
            + " digits before the point and "
            + MAX_DECIMALS
            + " after it, such as 12.50";
    // Compared exactly, so no rounding: a bound's plain spelling is at most ~470 characters.
    if (v.length() > MAX_DECIMAL_CHARS) {
      throw ProblemException.invalidParameter(name, v, rule);
    }
    try {
      BigDecimal d = new BigDecimal(v.strip()).stripTrailingZeros();
      // Compared as longs: precision - scale of 1e-2147483647 overflows an int.
      if (d.signum() < 0
          || (long) d.precision() - d.scale() > MAX_INTEGER_DIGITS
          || d.scale() > MAX_DECIMALS) {
        throw ProblemException.invalidParameter(name, v, rule);
      }
      if (d.scale() < 0) {
        d = d.setScale(0);
      }
      parsed.put(name, d.toPlainString());
      return Optional.of(d);
    } catch (NumberFormatException | ArithmeticException e) {
      throw ProblemException.invalidParameter(name, v, rule);
    }
  }

  /** {@code true} or {@code false}. */
  public Optional<Boolean> bool(String name) {
    String v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    Optional<Boolean> b =
        switch (v.strip()) {
          case "true" -> Optional.of(true);
          case "false" -> Optional.of(false);
          default -> throw ProblemException.invalidParameter(name, v, "must be true or false");
        };
    parsed.put(name, b.get().toString());
    return b;
  }

  /** The {@code sort} parameter as a book order, or {@code fallback} when absent. */
  public BookSort sort(String fallback) {
    BookSort sort = BookSort.parse(values.get("sort"), fallback);
    if (values.containsKey("sort")) {
      parsed.put("sort", sort.spec());
    }
    return sort;
  }

  /** A calendar date, {@code YYYY-MM-DD} (RFC 3339 full-date, years 0001 to 9999). */
  public Optional<LocalDate> date(String name) {
    String v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    String rule = "must be a date YYYY-MM-DD, such as 2026-01-31";
    if (!DATE.matcher(v).matches()) {
      throw ProblemException.invalidParameter(name, v, rule);
    }
    try {
      LocalDate d = LocalDate.parse(v);
      if (d.getYear() < 1) {
        throw ProblemException.invalidParameter(name, v, rule);
      }
      parsed.put(name, d.toString());
      return Optional.of(d);
    } catch (DateTimeException e) {
      throw ProblemException.invalidParameter(name, v, rule);
    }
  }

  /**
   * An instant, as an RFC 3339 date-time with an offset ({@code 2026-01-31T06:00:00Z}, {@code
   * 2026-01-31T08:00:00.5+02:00}); recorded in UTC.
   */
  public Optional<Instant> instant(String name) {
    String v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    String rule = "must be a date-time with an offset (RFC 3339), such as 2026-01-31T06:00:00Z";
    Matcher m = DATE_TIME.matcher(v);
    if (!m.matches()) {
      throw ProblemException.invalidParameter(name, v, rule);
    }
    try {
      int hour = Integer.parseInt(m.group(2));
      int minute = Integer.parseInt(m.group(3));
      int second = Integer.parseInt(m.group(4));
      String fraction = m.group(5) == null ? "" : m.group(5);
      int nanos =
          fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
      int offsetSeconds = 0;
      if (m.group(6) == null) {
        int offsetHours = Integer.parseInt(m.group(8));
        int offsetMinutes = Integer.parseInt(m.group(9));
        if (offsetHours > 23 || offsetMinutes > 59) {
          throw ProblemException.invalidParameter(name, v, rule);
        }
        offsetSeconds =
            (offsetHours * 3600 + offsetMinutes * 60) * (m.group(7).equals("-") ? -1 : 1);
      }
      // A leap second (:60) is the first instant of the next minute, as java.time counts.
      boolean leap = second == 60;
      LocalDateTime local =
          LocalDate.parse(m.group(1))
              .atTime(hour, minute, leap ? 59 : second, nanos)
              .plusSeconds(leap ? 1 : 0);
      Instant at = local.toInstant(ZoneOffset.UTC).minusSeconds(offsetSeconds);
      parsed.put(name, at.toString());
      return Optional.of(at);
    } catch (DateTimeException | NumberFormatException e) {
      throw ProblemException.invalidParameter(name, v, rule);
    }
  }

  /** A whole number from 1 to {@link Long#MAX_VALUE}, e.g. an Iceberg snapshot id. */
  public Optional<Long> positiveLong(String name) {
    String v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    String rule = "must be an integer from 1 to " + Long.MAX_VALUE;
    if (!POSITIVE_LONG.matcher(v).matches()) {
      throw ProblemException.invalidParameter(name, v, rule);
    }
    try {
      long n = Long.parseLong(v);
      if (n < 1) {
        throw ProblemException.invalidParameter(name, v, rule);
      }
      parsed.put(name, Long.toString(n));
      return Optional.of(n);
    } catch (NumberFormatException e) {
      throw ProblemException.invalidParameter(name, v, rule);
    }
  }

  /** One of a fixed set of words, lower case. */
  public Optional<String> oneOf(String name, String... choices) {
    String v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    for (String c : choices) {
      if (c.equals(v.strip())) {
        parsed.put(name, c);
        return Optional.of(c);
      }
    }
    throw ProblemException.invalidParameter(
        name, v, "must be one of " + String.join(", ", choices));
  }
}
