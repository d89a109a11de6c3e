package dev.bookslake.sandbox.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.bookslake.sandbox.Catalogue;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.util.List;

/**
 * Routes that lure a crawler off the shop or into endless hops, for testing that it resists them.
 * They exist on every sandbox (the real site has none of them, and no shop page links to them):
 *
 * <ul>
 *   <li>{@code /redirect/<n>/<path>} (n in 1..99): 302 to {@code /redirect/<n-1>/<path>}, and from
 *       {@code /redirect/1/<path>} to {@code /<path>}: n hops on the site.
 *   <li>{@code /redirect-to?url=<url>}: 302 to any URL, on this site or another.
 *   <li>{@code /crawler-traps?site=<root>}: the home page with five more books in front, linked
 *       through {@link #lures lures}; its other links are the home page's.
 * </ul>
 */
public final class Traps {

  /** What a trap answers: a status, a {@code Location} for a redirect, an HTML body. */
  public record Answer(int status, String location, byte[] body) {}

  private static final String REDIRECT = "/redirect/";
  private static final String REDIRECT_TO = "/redirect-to";
  private static final String CRAWLER_TRAPS = "/crawler-traps";
  private static final int MAX_HOPS = 99;
  private static final String ROW = "<ol class=\"row\">";

  private final Catalogue catalogue;
  private final ShopPages pages;

  public Traps(Catalogue catalogue, ShopPages pages) {
    this.catalogue = catalogue;
    this.pages = pages;
  }

  /**
   * The links of {@code /crawler-traps}, for the five newest books (ids N..N-4) in that order: the
   * book on the other {@code site} (an off-site link), the same through {@code /redirect-to} (an
   * off-site redirect), two hops on the site to the book (followed by a good crawler), six hops
   * (more than a crawler should follow), and one hop into {@code /private/} (which the default
   * robots.txt disallows). Relative to the trap page.
   */
  public List<String> lures(URI site) {
    return List.of(
        site.resolve(path(0)).toString(),
        "redirect-to?url=" + URLEncoder.encode(site.resolve(path(1)).toString(), UTF_8),
        "redirect/2" + path(2),
        "redirect/6" + path(3),
        "redirect/1/private" + path(4));
  }

  /** The answer to a trap route, or null when the path is not one (or its arguments are bad). */
  public Answer answer(String path, String rawQuery) {
    if (path.startsWith(REDIRECT)) {
      return hops(path.substring(REDIRECT.length()));
    }
    if (path.equals(REDIRECT_TO)) {
      URI target = uriParameter(rawQuery, "url");
      return target == null ? null : redirect(target.toString());
    }
    if (path.equals(CRAWLER_TRAPS)) {
      URI site = uriParameter(rawQuery, "site");
      return site == null ? null : new Answer(200, null, trapPage(site));
    }
    return null;
  }

  private Answer hops(String rest) {
    int slash = rest.indexOf('/');
    if (slash < 1 || slash > 2 || rest.charAt(0) == '0') {
      return null;
    }
    int n = 0;
    for (int i = 0; i < slash; i++) {
      char c = rest.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      n = n * 10 + (c - '0');
    }
    String target = rest.substring(slash);
    return n > MAX_HOPS ? null : redirect(n == 1 ? target : REDIRECT + (n - 1) + target);
  }

  private byte[] trapPage(URI site) {
    String home = pages.render(Route.HOME).html();
    StringBuilder pods = new StringBuilder();
    List<String> lures = lures(site);
    for (int i = 0; i < lures.size(); i++) {
      String href = lures.get(i).replace("&", "&amp;").replace("\"", "&quot;");
      pods.append(
              "\n<li class=\"col-xs-6 col-sm-4 col-md-3 col-lg-3\"><article class=\"product_pod\">")
          .append("<h3><a href=\"")
          .append(href)
          .append("\" title=\"Lure ")
          .append(i + 1)
          .append("\">Lure ")
          .append(i + 1)
          .append("</a></h3>")
          .append("<div class=\"product_price\"><p class=\"price_color\">£10.00</p></div>")
          .append("</article></li>");
    }
    int row = home.indexOf(ROW) + ROW.length();
    return (home.substring(0, row) + pods + home.substring(row)).getBytes(UTF_8);
  }

  // The path of the k-th newest book; small catalogues reuse book 1.
  private String path(int k) {
    return catalogue.productPath(Math.max(1, catalogue.size() - k));
  }

  private static Answer redirect(String location) {
    byte[] body =
        ("<html>\r\n<head><title>302 Found</title></head>\r\n<body>\r\n"
                + "<center><h1>302 Found</h1></center>\r\n<hr><center>nginx</center>\r\n"
                + "</body>\r\n</html>\r\n")
            .getBytes(UTF_8);
    return new Answer(302, location, body);
  }

  // An absolute http(s) URL from the query, or null; a header must not carry control characters.
  private static URI uriParameter(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith(name + "=")) {
        try {
          String value = URLDecoder.decode(pair.substring(name.length() + 1), UTF_8);
          if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return null;
          }
          URI uri = new URI(value);
          boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
          return web && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }
}
