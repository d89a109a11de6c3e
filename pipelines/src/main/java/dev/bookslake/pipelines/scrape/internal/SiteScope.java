package dev.bookslake.pipelines.scrape.internal;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The origins a crawl may fetch from: the start page's scheme, host and port, plus the hosts the
 * user allowed explicitly. Everything else is another site, whatever links or redirects say.
 *
 * <pre>{@code
 * SiteScope scope = SiteScope.of("http://127.0.0.1:8000/", List.of("cdn.example.com", "https://img.example.com:8443"));
 * scope.contains(URI.create("http://127.0.0.1:8000/catalogue/page-2.html")); // true
 * scope.contains(URI.create("https://127.0.0.1:8000/"));                     // false: another scheme
 * scope.contains(URI.create("http://cdn.example.com/a.jpg"));                // true: port 80 is http's
 * }</pre>
 *
 * @param origins {@code scheme://host:port}, lower case, the start page's first
 */
public record SiteScope(List<String> origins) implements Serializable {

  public SiteScope {
    origins = List.copyOf(origins);
  }

  /**
   * The scope of a crawl from {@code source}. An allowed host is {@code host}, {@code host:port} or
   * {@code scheme://host[:port]}: without a scheme it takes the start page's, without a port the
   * scheme's default. Blank entries are ignored.
   *
   * @throws IllegalArgumentException "Cannot ..." for a source that is not an absolute http(s) URL
   *     or an entry that is not one of the forms above
   */
  public static SiteScope of(String source, List<String> allowedHosts) {
    URI start = parse(source);
    if (start == null) {
      throw new IllegalArgumentException(
          "Cannot crawl from --source, it is not an absolute http(s) URL: " + source);
    }
    Set<String> origins = new LinkedHashSet<>();
    origins.add(origin(start));
    for (String entry : allowedHosts == null ? List.<String>of() : allowedHosts) {
      String trimmed = entry == null ? "" : entry.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      URI host = parse(trimmed.contains("://") ? trimmed : start.getScheme() + "://" + trimmed);
      if (host == null
          || host.getRawUserInfo() != null
          || !(host.getRawPath().isEmpty() || host.getRawPath().equals("/"))
          || host.getRawQuery() != null
          || host.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "Cannot use --allowed-hosts entry, it is not host, host:port or scheme://host[:port]: "
                + trimmed);
      }
      origins.add(origin(host));
    }
    return new SiteScope(new ArrayList<>(origins));
  }

  /** Whether a URL is on the crawled site (or an allowed host). */
  public boolean contains(URI uri) {
    return uri.getHost() != null && isWeb(uri) && origins.contains(origin(uri));
  }

  /** The origins, for messages: {@code http://127.0.0.1:8000, https://cdn.example.com:443}. */
  public String describe() {
    return String.join(", ", origins);
  }

  /**
   * {@code scheme://host:port} of an absolute http(s) URL, lower case, the default port filled in.
   */
  public static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  private static URI parse(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = new URI(url);
      return uri.getHost() != null && isWeb(uri) ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static boolean isWeb(URI uri) {
    String scheme = uri.getScheme();
    return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
  }
}
