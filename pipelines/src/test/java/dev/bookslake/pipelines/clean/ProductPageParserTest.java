package dev.bookslake.pipelines.clean;

import static dev.bookslake.pipelines.clean.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ProductPageParserTest {

  @Test
  void readsATypicalPageIntoExactlyTheExpectedRecord() {
    ParsedBook expected =
        ParsedBook.builder()
            .productPage(true)
            .productUrl(TYPICAL_URL)
            .upc("a22124811bfa8350")
            .siteId(981)
            .title("It's Only the Himalayas")
            .category("Travel")
            .priceExclTax(new BigDecimal("45.17"))
            .priceInclTax(new BigDecimal("45.17"))
            .tax(new BigDecimal("0.00"))
            .currency("GBP")
            .stockCount(19)
            .inStock(true)
            .rating(2)
            .reviewCount(0)
            .description(
                "\"Wherever you go, whatever you do, just . . . don't do anything stupid.\" \u2014My Mother."
                    + " A year of backpacking through Nepal & Tibet, told with wit. ...more")
            .imageUrl(
                "https://books.toscrape.com/media/cache/6d/41/6d418a73cc7d4ecfd75ca11d854041db.jpg")
            .found(
                ParsedBook.Found.builder()
                    .priceExclTax("£45.17")
                    .priceInclTax("£45.17")
                    .tax("£0.00")
                    .availability("In stock (19 available)")
                    .rating("Two")
                    .reviews("0")
                    .imageSrc("../../media/cache/6d/41/6d418a73cc7d4ecfd75ca11d854041db.jpg")
                    .build())
            .build();

    assertThat(parsed(TYPICAL, TYPICAL_URL)).isEqualTo(expected);
  }

  @Test
  void keepsInvisibleCharactersAndCollapsesWhitespaceRuns() {
    ParsedBook book = parsed(INVISIBLE_CHARACTERS, TYPICAL_URL);

    assertThat(book.title()).isEqualTo("It's Only the Hima\u00adlayas");
    assertThat(book.description())
        .isEqualTo(
            "\"Wherever you go, whatever you do, just . . . don't do anything stupid.\"\u200b"
                + " \u2014My Mother. A year of back\u00adpacking through Nepal & Tibet,"
                + " told with wit. ...more");
    // What jsoup's text() gives, and the lake must not: the invisible characters gone.
    assertThat(
            org.jsoup.Jsoup.parse(html(INVISIBLE_CHARACTERS))
                .selectFirst("div.product_main h1")
                .text())
        .isEqualTo("It's Only the Himalayas");
    assertThat(book)
        .as("every other field as on the typical page")
        .usingRecursiveComparison()
        .ignoringFields("title", "description")
        .isEqualTo(parsed(TYPICAL, TYPICAL_URL));
  }

  @Test
  void readsNothingFromTheRecentlyViewedBlock() {
    ParsedBook book = parsed(RECENTLY_VIEWED, RECENTLY_VIEWED_URL);

    assertThat(book)
        .isEqualTo(
            ParsedBook.builder()
                .productPage(true)
                .productUrl(RECENTLY_VIEWED_URL)
                .upc("a897fe39b1053632")
                .siteId(1000)
                .title("A Light in the Attic")
                .category("Poetry")
                .priceExclTax(new BigDecimal("51.77"))
                .priceInclTax(new BigDecimal("51.77"))
                .tax(new BigDecimal("0.00"))
                .currency("GBP")
                .stockCount(22)
                .inStock(true)
                .rating(3)
                .reviewCount(0)
                .description("It's hard to imagine a world without A Light in the Attic. ...more")
                .imageUrl(
                    "https://books.toscrape.com/media/cache/fe/72/fe72f0532301ec28892ae79a629a293c.jpg")
                .found(
                    ParsedBook.Found.builder()
                        .priceExclTax("£51.77")
                        .priceInclTax("£51.77")
                        .tax("£0.00")
                        .availability("In stock (22 available)")
                        .rating("Three")
                        .reviews("0")
                        .imageSrc("../../media/cache/fe/72/fe72f0532301ec28892ae79a629a293c.jpg")
                        .build())
                .build());
  }

  @Test
  void readsNothingFromTheRecentlyViewedBlockEvenWhenItComesFirst() {
    String html = html(RECENTLY_VIEWED);
    int start = html.indexOf("<section>");
    int end = html.indexOf("</section>") + "</section>".length();
    String block = html.substring(start, end);
    String moved = html.substring(0, start) + html.substring(end);
    moved = moved.replace("<div id=\"content_inner\">", "<div id=\"content_inner\">" + block);

    assertThat(moved.indexOf("Sharp Objects")).isLessThan(moved.indexOf("product_main"));
    assertThat(ProductPageParser.parse(moved, RECENTLY_VIEWED_URL))
        .isEqualTo(parsed(RECENTLY_VIEWED, RECENTLY_VIEWED_URL));
  }

  @Test
  void aPageWithoutDescriptionBlockHasANullDescription() {
    ParsedBook book = parsed(NO_DESCRIPTION, NO_DESCRIPTION_URL);

    assertThat(book.description()).isNull();
    assertThat(book.title()).isEqualTo("Alice in Wonderland (Alice's Adventures in Wonderland #1)");
    assertThat(book.siteId()).isEqualTo(5);
    assertThat(book.category()).isEqualTo("Classics");
    assertThat(book.priceInclTax()).isEqualByComparingTo("55.53");
  }

  @Test
  void outOfStockMeansZeroCopies() {
    ParsedBook book = parsed(OUT_OF_STOCK, OUT_OF_STOCK_URL);

    assertThat(book.inStock()).isFalse();
    assertThat(book.stockCount()).isZero();
    assertThat(book.found().availability()).isEqualTo("Out of stock");
  }

  @Test
  void readsNonZeroTaxAndReviewsFromTheTable() {
    ParsedBook book = parsed(TAXED, TAXED_URL);

    assertThat(book.priceExclTax()).isEqualTo(new BigDecimal("44.63"));
    assertThat(book.priceInclTax()).isEqualTo(new BigDecimal("53.56"));
    assertThat(book.tax()).isEqualTo(new BigDecimal("8.93"));
    assertThat(book.reviewCount()).isEqualTo(3);
    assertThat(book.category()).isEqualTo("Historical Fiction");
  }

  @Test
  void aMissingPriceRowIsNullNotAnError() {
    ParsedBook book = parsed(MISSING_PRICE, MISSING_PRICE_URL);

    assertThat(book.productPage()).isTrue();
    assertThat(book.priceInclTax()).isNull();
    assertThat(book.found().priceInclTax()).isNull();
    assertThat(book.priceExclTax()).isEqualTo(new BigDecimal("50.10"));
    assertThat(book.description()).isEqualTo("Dans une France assez proche de la nôtre... ...more");
  }

  @Test
  void anUnknownRatingClassIsUnparsedButKept() {
    ParsedBook book = parsed(RATING_ZERO, RATING_ZERO_URL);

    assertThat(book.rating()).isNull();
    assertThat(book.found().rating()).isEqualTo("Zero");
  }

  @Test
  void aNonHexUpcIsReturnedAsFound() {
    assertThat(parsed(NON_HEX_UPC, NON_HEX_UPC_URL).upc()).isEqualTo("4165285e1663650g");
  }

  @Test
  void aListingPageIsNotAProductPage() {
    String catalogue =
        "<html><body><ol class=\"row\"><li><article class=\"product_pod\"><p class=\"star-rating Three\"></p>"
            + "<h3><a href=\"a-light-in-the-attic_1000/index.html\" title=\"A Light in the Attic\">A Light in the ...</a></h3>"
            + "<p class=\"price_color\">£51.77</p></article></li></ol></body></html>";

    ParsedBook book = ProductPageParser.parse(catalogue, SITE + "catalogue/page-1.html");

    assertThat(book).isEqualTo(ParsedBook.notAProductPage(SITE + "catalogue/page-1.html", null));
  }

  @Test
  void emptyOrMissingInputYieldsNullFieldsNotExceptions() {
    assertThat(ProductPageParser.parse("", "not a url").productPage()).isFalse();
    assertThat(ProductPageParser.parse(null, null))
        .isEqualTo(ParsedBook.notAProductPage(null, null));
    String truncated = html(TYPICAL).substring(0, html(TYPICAL).indexOf("<th>Tax</th>"));
    ParsedBook book = ProductPageParser.parse(truncated, TYPICAL_URL);
    assertThat(book.tax()).isNull();
    assertThat(book.reviewCount()).isNull();
    assertThat(book.stockCount()).isEqualTo(19);
  }

  @Test
  void decodesAmountsExactlyAndRefusesWhatIsNotOne() {
    assertThat(ProductPageParser.amount("£51.77")).isEqualTo(new BigDecimal("51.77"));
    assertThat(ProductPageParser.amount("€12.5")).isEqualTo(new BigDecimal("12.50"));
    assertThat(ProductPageParser.amount("$7")).isEqualTo(new BigDecimal("7.00"));
    assertThat(ProductPageParser.amount("£-1.00")).isEqualTo(new BigDecimal("-1.00"));
    assertThat(ProductPageParser.amount("Â£51.77")).as("a body decoded as Latin-1").isNull();
    assertThat(ProductPageParser.amount("£51.777")).as("rounding would invent a price").isNull();
    assertThat(ProductPageParser.amount("£123456789.00")).as("wider than decimal(10,2)").isNull();
    assertThat(ProductPageParser.amount("51.77")).isNull();
    assertThat(ProductPageParser.amount("N/A")).isNull();
  }

  @Test
  void namesTheCurrencyOfTheSign() {
    String euro = html(TAXED).replace("£", "€");
    String mixed = html(TAXED).replace("<td>£8.93</td>", "<td>$8.93</td>");

    assertThat(parsed(TAXED, TAXED_URL).currency()).isEqualTo("GBP");
    assertThat(ProductPageParser.parse(euro, TAXED_URL).currency()).isEqualTo("EUR");
    assertThat(ProductPageParser.parse(mixed, TAXED_URL).currency()).isNull();
  }

  @Test
  void readsTheSiteIdFromTheUrlFolder() {
    assertThat(ProductPageParser.siteId(SITE + "catalogue/a-light-in-the-attic_1000/index.html"))
        .isEqualTo(1000);
    assertThat(ProductPageParser.siteId("http://127.0.0.1:8000/catalogue/the-book_7/"))
        .isEqualTo(7);
    assertThat(ProductPageParser.siteId(SITE + "catalogue/page-2.html")).isNull();
    assertThat(ProductPageParser.siteId(SITE + "catalogue/no-id/index.html")).isNull();
    assertThat(ProductPageParser.siteId("::not a url")).isNull();
  }

  @Test
  void resolvesTheImageAgainstThePageUrl() {
    String sandbox = "http://127.0.0.1:8000/catalogue/its-only-the-himalayas_981/index.html";

    assertThat(ProductPageParser.parse(html(TYPICAL), sandbox).imageUrl())
        .isEqualTo("http://127.0.0.1:8000/media/cache/6d/41/6d418a73cc7d4ecfd75ca11d854041db.jpg");
  }
}
