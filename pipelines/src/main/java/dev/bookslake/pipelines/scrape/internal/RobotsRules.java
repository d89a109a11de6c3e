package dev.bookslake.pipelines.scrape.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules of one robots.txt for one user agent (RFC 9309): the most specific matching group,
 * longest-match Allow/Disallow with {@code *} and {@code $} (matched in linear time, see {@link
 * RobotsPattern}), and the Crawl-delay extension.
 */
public final class RobotsRules {
  private record Rule(boolean allow, RobotsPattern pattern) {
    Rule(boolean allow, String pattern) {
      this(allow, new RobotsPattern(pattern));
    }

    int length() {
      return pattern.text().length();
    }
  }

  private final List<Rule> rules;
  private final long crawlDelayMillis;

  private RobotsRules(List<Rule> rules, long crawlDelayMillis) {
    this.rules = rules;
    this.crawlDelayMillis = crawlDelayMillis;
  }

  /** What a 404 robots.txt means: everything is allowed. */
  public static RobotsRules allowAll() {
    return new RobotsRules(List.of(), 0);
  }

  /** What an unreachable robots.txt (5xx, no answer) means under RFC 9309: nothing is allowed. */
  public static RobotsRules disallowAll() {
    return new RobotsRules(List.of(new Rule(false, "/")), 0);
  }

  /** Parses robots.txt text for the given product token (e.g. {@code bookslake}). */
  public static RobotsRules parse(String text, String agentToken) {
    String agent = agentToken.toLowerCase(Locale.ROOT);
    List<Rule> specific = new ArrayList<>();
    List<Rule> wildcard = new ArrayList<>();
    Long specificDelay = null;
    Long wildcardDelay = null;
    boolean inSpecific = false;
    boolean inWildcard = false;
    boolean lastWasAgent = false;
    boolean sawSpecific = false;
    for (String raw : text.split("\r?\n|\r")) {
      int hash = raw.indexOf('#');
      String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (key.equals("user-agent")) {
        if (!lastWasAgent) {
          inSpecific = false;
          inWildcard = false;
        }
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("*")) {
          inWildcard = true;
        } else if (!v.isEmpty() && agent.startsWith(v)) {
          inSpecific = true;
          sawSpecific = true;
        }
        lastWasAgent = true;
        continue;
      }
      lastWasAgent = false;
      switch (key) {
        case "allow", "disallow" -> {
          if (value.isEmpty()) {
            break;
          }
          Rule rule = new Rule(key.equals("allow"), value);
          if (inSpecific) {
            specific.add(rule);
          }
          if (inWildcard) {
            wildcard.add(rule);
          }
        }
        case "crawl-delay" -> {
          Long millis = parseDelay(value);
          if (millis != null && inSpecific) {
            specificDelay = millis;
          }
          if (millis != null && inWildcard) {
            wildcardDelay = millis;
          }
        }
        default -> {
          // Sitemap and unknown keys do not restrict crawling.
        }
      }
    }
    if (sawSpecific) {
      return new RobotsRules(List.copyOf(specific), specificDelay == null ? 0 : specificDelay);
    }
    return new RobotsRules(List.copyOf(wildcard), wildcardDelay == null ? 0 : wildcardDelay);
  }

  private static Long parseDelay(String value) {
    try {
      double seconds = Double.parseDouble(value);
      return seconds < 0 ? null : Math.round(seconds * 1000);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether a path (with its query) may be fetched. */
  public boolean allows(String pathAndQuery) {
    Rule best = null;
    for (Rule rule : rules) {
      if (rule.pattern().matches(pathAndQuery)
          && (best == null
              || rule.length() > best.length()
              || (rule.length() == best.length() && rule.allow()))) {
        best = rule;
      }
    }
    return best == null || best.allow();
  }

  public long crawlDelayMillis() {
    return crawlDelayMillis;
  }
}
