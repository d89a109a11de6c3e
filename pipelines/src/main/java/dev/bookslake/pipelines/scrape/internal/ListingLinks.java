package dev.bookslake.pipelines.scrape.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * The links a catalogue listing page (home, {@code catalogue/page-N.html}, or a category page)
 * leads to: its product pages and its {@code next} page, resolved against the page's own URL as the
 * site's relative links require.
 *
 * @param products absolute product URLs, in page order, without duplicates
 * @param next the absolute URL of the next listing page, or null on the last page
 */
public record ListingLinks(List<String> products, String next) {

  // Parsed once: a selector string is re-parsed on every select(String), and the JVM crash seen
  // twice under C1 was in that query parser (docs/operations.md).
  private static final Evaluator PRODUCT_LINKS =
      QueryParser.parse("article.product_pod h3 a[href]");
  private static final Evaluator NEXT_LINK = QueryParser.parse("li.next a[href]");

  public static ListingLinks parse(String html, String pageUrl) {
    Document doc = Jsoup.parse(html, pageUrl);
    Set<String> products = new LinkedHashSet<>();
    for (Element link : doc.select(PRODUCT_LINKS)) {
      String abs = stripFragment(link.absUrl("href"));
      if (!abs.isEmpty()) {
        products.add(abs);
      }
    }
    Element next = doc.selectFirst(NEXT_LINK);
    String nextUrl = next == null ? null : stripFragment(next.absUrl("href"));
    return new ListingLinks(
        new ArrayList<>(products), nextUrl == null || nextUrl.isEmpty() ? null : nextUrl);
  }

  private static String stripFragment(String url) {
    int hash = url.indexOf('#');
    return hash < 0 ? url : url.substring(0, hash);
  }
}
