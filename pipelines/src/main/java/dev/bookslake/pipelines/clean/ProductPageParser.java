package dev.bookslake.pipelines.clean;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.jsoup.parser.StreamParser;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * Reads one bookshop product page ({@code /catalogue/<slug>_<id>/index.html}) into a {@link
 * ParsedBook}. Works on books.toscrape.com and the sandbox alike: every selector is scoped to
 * {@code div.product_main}, the information table, the breadcrumb or the gallery, so the "Products
 * you recently viewed" block (other books' prices and ratings) is never read.
 *
 * <p>Text is read as the page publishes it ({@code publishedText}): jsoup's {@code text()} would
 * silently drop invisible characters such as soft hyphens and zero-width spaces.
 *
 * <p>The page is parsed only as far as it has to be: once the information table is complete and
 * everything else read from the page lies before it, nothing later in the page can change what is
 * read (later markup only adds nodes after the table), so the rest, such as the sandbox's
 * recently-viewed block, is not parsed. A page that does not settle that way, or has a {@code
 * <base>} element anywhere, is parsed whole; both give the same book.
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

  // Compiled once: parsing a CSS query per page cost more than some of the lookups themselves.
  // jsoup's evaluators may be shared between threads (structural ones memoise per thread).
  private static final Evaluator PRODUCT_MAIN = QueryParser.parse("div.product_main");
  private static final Evaluator PRODUCT_PAGE = QueryParser.parse("article.product_page");
  private static final Evaluator INFORMATION_TABLE = QueryParser.parse("table.table-striped");
  private static final Evaluator STAR_RATING = QueryParser.parse("p.star-rating");
  private static final Evaluator ACTIVE_IMAGE = QueryParser.parse("div.item.active img[src]");
  private static final Evaluator AVAILABILITY = QueryParser.parse("p.availability");
  private static final Evaluator TITLE = QueryParser.parse("h1");
  private static final Evaluator BREADCRUMB = QueryParser.parse("ul.breadcrumb");
  private static final Evaluator CRUMBS = QueryParser.parse("> li");
  private static final Evaluator DESCRIPTION_HEADER = QueryParser.parse("div#product_description");
  private static final Evaluator ROW = QueryParser.parse("tr");
  private static final Evaluator HEADER_CELL = QueryParser.parse("th");
  private static final Evaluator DATA_CELL = QueryParser.parse("td");

  private ProductPageParser() {}

  /**
   * Parses a product page's HTML.
   *
   * @param html the page body, already decoded (bronze stores UTF-8 text)
   * @param url the absolute URL the page was fetched from; relative links resolve against it
   */
  public static ParsedBook parse(String html, String url) {
    return read(document(html == null ? "" : html, url == null ? "" : url), url);
  }

  /**
   * Reads a book from a parsed page. {@link #parse} hands it a page parsed as far as needed; a
   * whole document gives the same book.
   */
  static ParsedBook read(Document doc, String url) {
    Integer siteId = siteId(url);
    Element main = doc.selectFirst(PRODUCT_MAIN);
    if (main == null) {
      return ParsedBook.notAProductPage(url, siteId);
    }
    // The recently-viewed block sits inside article.product_page on the real site, but it has no
    // information table, gallery item or product_main of its own.
    Element page = firstOr(doc.selectFirst(PRODUCT_PAGE), doc);
    Map<String, String> info = informationTable(page.selectFirst(INFORMATION_TABLE));
    Element star = main.selectFirst(STAR_RATING);
    Element image = page.selectFirst(ACTIVE_IMAGE);
    String availability =
        info.containsKey("Availability")
            ? info.get("Availability")
            : textOf(main.selectFirst(AVAILABILITY));

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
        .title(textOf(main.selectFirst(TITLE)))
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
        .imageUrl(imageUrl(image))
        .found(found)
        .build();
  }

  /**
   * Parses the page up to the end of its information table when that settles everything {@link
   * #read} looks at, else to its end. Tree building only ever adds nodes inside the elements still
   * open, after the last one closed, so an element that ended before the table (or lies in it) is
   * final, and a first match found before it is the first match of the whole page. A {@code <base
   * href>} is the exception (it moves every relative link, even earlier ones): a page with one is
   * parsed whole.
   */
  static Document document(String html, String url) {
    if (mayHaveBase(html)) {
      return Jsoup.parse(html, url);
    }
    StreamParser stream = new StreamParser(Parser.htmlParser()).parse(html, url);
    Document doc = stream.document();
    // Elements come out complete, each once its next sibling has started or its parent closed.
    Iterator<Element> completed = stream.iterator();
    while (completed.hasNext()) {
      Element element = completed.next();
      if (INFORMATION_TABLE.matches(doc, element) && settledBy(doc, element)) {
        stream.stop().close();
        break;
      }
    }
    return doc;
  }

  /** Whether every element {@link #read} uses is final once {@code table} is complete. */
  private static boolean settledBy(Document doc, Element table) {
    Element page = doc.selectFirst(PRODUCT_PAGE);
    Element header = doc.selectFirst(DESCRIPTION_HEADER);
    if (page == null || header == null || page.selectFirst(INFORMATION_TABLE) != table) {
      return false;
    }
    Element description = header.nextElementSibling();
    return settled(doc.selectFirst(PRODUCT_MAIN), table)
        && settled(doc.selectFirst(BREADCRUMB), table)
        && settled(page.selectFirst(ACTIVE_IMAGE), table)
        && settled(header, table)
        && (description == null || settled(description, table));
  }

  /** Whether {@code element} is {@code table}, lies inside it, or ends before it starts. */
  private static boolean settled(Element element, Element table) {
    if (element == null) {
      return false;
    }
    final int elementStart = depth(element);
    final int tableStart = depth(table);
    int elementDepth = elementStart;
    int tableDepth = tableStart;
    Element a = element;
    Element b = table;
    for (; elementDepth > tableDepth; elementDepth--) {
      a = a.parent();
    }
    for (; tableDepth > elementDepth; tableDepth--) {
      b = b.parent();
    }
    if (a == b) {
      // One holds the other: the table holding the element is fine, the element still open is not.
      return elementStart >= tableStart;
    }
    while (a.parent() != b.parent()) {
      a = a.parent();
      b = b.parent();
    }
    return a.siblingIndex() < b.siblingIndex();
  }

  private static int depth(Element element) {
    int depth = 0;
    for (Element e = element.parent(); e != null; e = e.parent()) {
      depth++;
    }
    return depth;
  }

  /** Whether the page may hold a {@code <base>} element (any tag starting so, to be safe). */
  private static boolean mayHaveBase(String html) {
    for (int i = html.indexOf('<'); i >= 0 && i + 1 < html.length(); i = html.indexOf('<', i + 1)) {
      char next = html.charAt(i + 1);
      if ((next == 'b' || next == 'B') && html.regionMatches(true, i + 1, "base", 0, 4)) {
        return true;
      }
    }
    return false;
  }

  private static String imageUrl(Element image) {
    if (image == null) {
      return null;
    }
    String url = image.absUrl("src");
    return url.isEmpty() ? null : url;
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
    for (Element row : table.select(ROW)) {
      Element th = row.selectFirst(HEADER_CELL);
      Element td = row.selectFirst(DATA_CELL);
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
    Element breadcrumb = doc.selectFirst(BREADCRUMB);
    if (breadcrumb == null) {
      return null;
    }
    var items = breadcrumb.select(CRUMBS);
    return items.size() < 3 ? null : publishedText(items.get(2));
  }

  private static String description(Document doc) {
    Element header = doc.selectFirst(DESCRIPTION_HEADER);
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
