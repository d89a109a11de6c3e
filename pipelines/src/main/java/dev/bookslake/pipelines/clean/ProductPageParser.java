package dev.bookslake.pipelines.clean;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads one bookshop product page ({@code /catalogue/<slug>_<id>/index.html}) into a {@link
 * ParsedBook}. Works on books.toscrape.com and the sandbox alike: every selector is scoped to
 * {@code div.product_main}, the information table, the breadcrumb or the gallery, so the "Products
 * you recently viewed" block (other books' prices and ratings) is never read.
 *
 * <p>Text is read as the page publishes it ({@code publishedText}): jsoup's {@code text()} would
 * silently drop invisible characters such as soft hyphens and zero-width spaces.
 *
 * <p>The parser never throws on odd HTML: what is missing or cannot be decoded comes back as {@code
 * null}, with the raw text kept in {@link ParsedBook#found()} for the quality rules' reasons.
 * Amounts are decoded with {@link BigDecimal}, never {@code double}.
 *
 * <pre>{@code
 * String html = Files.readString(Path.of("a-light-in-the-attic_1000.html"));
 * ParsedBook book = ProductPageParser.parse(html,
 *     "https://books.toscrape.com/catalogue/a-light-in-the-attic_1000/index.html");
 * System.out.println(book.title() + " " + book.currency() + " " + book.priceInclTax());
 * }</pre>
 */
public final class ProductPageParser {
  private static final Pattern AMOUNT = Pattern.compile("([£€$])\\s*(-?\\d{1,8}(?:\\.\\d+)?)");
  private static final Pattern IN_STOCK =
      Pattern.compile("in stock(?:\\s*\\((\\d{1,9}) available\\))?");
  private static final Pattern COUNT = Pattern.compile("\\d{1,9}");
  private static final Pattern SITE_ID = Pattern.compile(".*_(\\d{1,9})");
  private static final Map<String, Integer> STARS =
      Map.of("One", 1, "Two", 2, "Three", 3, "Four", 4, "Five", 5);
  private static final Map<String, String> CURRENCIES = Map.of("£", "GBP", "€", "EUR", "$", "USD");

  private ProductPageParser() {}

  /**
   * Parses a product page's HTML.
   *
   * @param html the page body, already decoded (bronze stores UTF-8 text)
   * @param url the absolute URL the page was fetched from; relative links resolve against it
   */
  public static ParsedBook parse(String html, String url) {
    Integer siteId = siteId(url);
    Document doc = Jsoup.parse(html == null ? "" : html, url == null ? "" : url);
    Element main = doc.selectFirst("div.product_main");
    if (main == null) {
      return ParsedBook.notAProductPage(url, siteId);
    }
    // The recently-viewed block sits inside article.product_page on the real site, but it has no
    // information table, gallery item or product_main of its own.
    Element page = firstOr(doc.selectFirst("article.product_page"), doc);
    Map<String, String> info = informationTable(page.selectFirst("table.table-striped"));
    Element star = main.selectFirst("p.star-rating");
    Element image = page.selectFirst("div.item.active img[src]");
    String availability =
        info.containsKey("Availability")
            ? info.get("Availability")
            : textOf(main.selectFirst("p.availability"));

    ParsedBook.Found found =
        ParsedBook.Found.builder()
            .priceExclTax(info.get("Price (excl. tax)"))
            .priceInclTax(info.get("Price (incl. tax)"))
            .tax(info.get("Tax"))
            .availability(availability)
            .rating(star == null ? null : ratingClass(star))
            .reviews(info.get("Number of reviews"))
            .imageSrc(image == null ? null : image.attr("src"))
            .build();
    Integer stockCount = null;
    Boolean inStock = null;
    if (availability != null) {
      String text = availability.toLowerCase(Locale.ROOT);
      Matcher in = IN_STOCK.matcher(text);
      if (in.matches()) {
        inStock = true;
        stockCount = in.group(1) == null ? null : Integer.valueOf(in.group(1));
      } else if (text.equals("out of stock")) {
        inStock = false;
        stockCount = 0;
      }
    }
    return ParsedBook.builder()
        .productPage(true)
        .productUrl(url)
        .upc(info.get("UPC"))
        .siteId(siteId)
        .title(textOf(main.selectFirst("h1")))
        .category(category(doc))
        .priceExclTax(amount(found.priceExclTax()))
        .priceInclTax(amount(found.priceInclTax()))
        .tax(amount(found.tax()))
        .currency(currency(found))
        .stockCount(stockCount)
        .inStock(inStock)
        .rating(found.rating() == null ? null : STARS.get(found.rating()))
        .reviewCount(
            found.reviews() != null && COUNT.matcher(found.reviews()).matches()
                ? Integer.valueOf(found.reviews())
                : null)
        .description(description(doc))
        .imageUrl(image == null || image.absUrl("src").isEmpty() ? null : image.absUrl("src"))
        .found(found)
        .build();
  }

  /**
   * The number ending the product folder, {@code .../a-light-in-the-attic_1000/index.html} → 1000.
   */
  static Integer siteId(String url) {
    if (url == null) {
      return null;
    }
    String path;
    try {
      path = new URI(url).getPath();
    } catch (URISyntaxException e) {
      return null;
    }
    if (path == null) {
      return null;
    }
    if (path.endsWith("/index.html")) {
      path = path.substring(0, path.length() - "/index.html".length());
    }
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    Matcher m = SITE_ID.matcher(path.substring(path.lastIndexOf('/') + 1));
    return m.matches() ? Integer.valueOf(m.group(1)) : null;
  }

  /**
   * An amount such as {@code £51.77} at scale 2, or null when it is not one (or needs rounding).
   */
  static BigDecimal amount(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = AMOUNT.matcher(text);
    if (!m.matches()) {
      return null;
    }
    try {
      return new BigDecimal(m.group(2)).setScale(2);
    } catch (ArithmeticException e) {
      // More than two decimals: rounding would invent a price the site never showed.
      return null;
    }
  }

  /** The ISO code shared by every amount found, null when there is none or they disagree. */
  private static String currency(ParsedBook.Found found) {
    String code = null;
    for (String text : new String[] {found.priceExclTax(), found.priceInclTax(), found.tax()}) {
      Matcher m = text == null ? null : AMOUNT.matcher(text);
      if (m == null || !m.matches()) {
        continue;
      }
      String next = CURRENCIES.get(m.group(1));
      if (code != null && !code.equals(next)) {
        return null;
      }
      code = next;
    }
    return code;
  }

  private static Map<String, String> informationTable(Element table) {
    Map<String, String> cells = new HashMap<>();
    if (table == null) {
      return cells;
    }
    for (Element row : table.select("tr")) {
      Element th = row.selectFirst("th");
      Element td = row.selectFirst("td");
      if (th != null && td != null) {
        cells.putIfAbsent(publishedText(th), publishedText(td));
      }
    }
    return cells;
  }

  /** The class after {@code star-rating}: {@code <p class="star-rating Three">} → Three. */
  private static String ratingClass(Element star) {
    for (String name : star.classNames()) {
      if (!name.equals("star-rating")) {
        return name;
      }
    }
    return null;
  }

  private static String category(Document doc) {
    Element breadcrumb = doc.selectFirst("ul.breadcrumb");
    if (breadcrumb == null) {
      return null;
    }
    var items = breadcrumb.select("> li");
    return items.size() < 3 ? null : publishedText(items.get(2));
  }

  private static String description(Document doc) {
    Element header = doc.selectFirst("div#product_description");
    Element next = header == null ? null : header.nextElementSibling();
    if (next == null || !next.tagName().equals("p")) {
      return null;
    }
    String text = publishedText(next);
    return text.isEmpty() ? null : text;
  }

  private static String textOf(Element element) {
    return element == null ? null : publishedText(element);
  }

  /**
   * The text of an element with every character the page publishes: each run of HTML whitespace
   * (space, tab, line feed, form feed, carriage return) and no-break spaces becomes one space, and
   * the ends are trimmed, as jsoup's {@code text()} does; but soft hyphens (U+00AD), zero-width
   * spaces (U+200B) and other invisible characters stay, where {@code text()} drops some of them.
   */
  static String publishedText(Element element) {
    String whole = element.wholeText();
    StringBuilder out = new StringBuilder(whole.length());
    boolean space = false;
    for (int i = 0; i < whole.length(); i++) {
      char c = whole.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '\u00a0') {
        space = !out.isEmpty();
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Element firstOr(Element element, Element fallback) {
    return element == null ? fallback : element;
  }
}
