package dev.bookslake.pipelines.clean;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QualityRulesTest {

  private static Optional<String> check(String rule, BookCandidate candidate) {
    return QualityRules.named(rule).orElseThrow().check().reason(candidate);
  }

  private static Optional<String> check(String rule, BookDraft draft) {
    return check(rule, draft.alone());
  }

  @Test
  void aValidBookPassesEveryRuleAndIsCheckedAgainstAll() {
    QualityRules.Evaluation result = QualityRules.evaluate(BookDraft.valid().alone());

    assertThat(result.passed()).isTrue();
    assertThat(result.checked())
        .containsExactlyElementsOf(QualityRules.ALL.stream().map(QualityRule::name).toList());
  }

  @Test
  void everyParsedFixturePageThatShouldPassPasses() {
    for (String[] page :
        new String[][] {
          {Fixtures.TYPICAL, Fixtures.TYPICAL_URL},
          {Fixtures.NO_DESCRIPTION, Fixtures.NO_DESCRIPTION_URL},
          {Fixtures.OUT_OF_STOCK, Fixtures.OUT_OF_STOCK_URL},
          {Fixtures.TAXED, Fixtures.TAXED_URL},
          {Fixtures.RECENTLY_VIEWED, Fixtures.RECENTLY_VIEWED_URL}
        }) {
      assertThat(
              QualityRules.evaluate(BookCandidate.alone(Fixtures.parsed(page[0], page[1])))
                  .failures())
          .as(page[0])
          .isEmpty();
    }
  }

  @Test
  void theMalformedFixturePagesFailTheirRule() {
    assertThat(
            QualityRules.evaluate(
                    BookCandidate.alone(
                        Fixtures.parsed(Fixtures.MISSING_PRICE, Fixtures.MISSING_PRICE_URL)))
                .failures())
        .containsExactly(
            new QualityRules.Failure(
                "price_present",
                "Cannot accept price: the information table has no 'Price (incl. tax)' row"));
    assertThat(
            QualityRules.evaluate(
                    BookCandidate.alone(
                        Fixtures.parsed(Fixtures.RATING_ZERO, Fixtures.RATING_ZERO_URL)))
                .failures())
        .containsExactly(
            new QualityRules.Failure(
                "rating_range", "Cannot accept rating: 'Zero' is not One..Five"));
    assertThat(
            QualityRules.evaluate(
                    BookCandidate.alone(
                        Fixtures.parsed(Fixtures.NON_HEX_UPC, Fixtures.NON_HEX_UPC_URL)))
                .failures())
        .containsExactly(
            new QualityRules.Failure(
                "upc_format",
                "Cannot accept upc: '4165285e1663650g' is not 16 lowercase hex chars"));
  }

  @Test
  void pageParseable() {
    assertThat(check("page_parseable", BookDraft.valid())).isEmpty();
    assertThat(check("page_parseable", BookDraft.valid().notAProductPage()))
        .contains(
            "Cannot parse product page: no div.product_main in '" + Fixtures.TYPICAL_URL + "'");
  }

  @Test
  void aPageThatIsNotAProductPageFailsOnlyPageParseable() {
    QualityRules.Evaluation result =
        QualityRules.evaluate(
            BookCandidate.alone(ParsedBook.notAProductPage(Fixtures.TYPICAL_URL, 981)));

    assertThat(result.checked()).containsExactly("page_parseable");
    assertThat(result.failures())
        .extracting(QualityRules.Failure::rule)
        .containsExactly("page_parseable");
  }

  @Test
  void upcFormat() {
    assertThat(check("upc_format", BookDraft.valid())).isEmpty();
    assertThat(check("upc_format", BookDraft.valid().upc("A22124811BFA8350")))
        .contains("Cannot accept upc: 'A22124811BFA8350' is not 16 lowercase hex chars");
    assertThat(check("upc_format", BookDraft.valid().upc("a22124811bfa835")))
        .contains("Cannot accept upc: 'a22124811bfa835' is not 16 lowercase hex chars");
    assertThat(check("upc_format", BookDraft.valid().upc(null)))
        .contains("Cannot accept upc: the information table has no UPC row");
  }

  @Test
  void upcUnique() {
    ParsedBook book = BookDraft.valid().build();
    String other = "https://books.toscrape.com/catalogue/another_5/index.html";

    assertThat(check("upc_unique", new BookCandidate(book, List.of(book.productUrl())))).isEmpty();
    assertThat(check("upc_unique", new BookCandidate(book, List.of(other, book.productUrl()))))
        .contains(
            "Cannot accept upc: 'a22124811bfa8350' is on 2 pages of this dt: "
                + other
                + ", "
                + book.productUrl());
  }

  @Test
  void upcUniqueIsNotCheckedWhenTheUpcIsMalformed() {
    ParsedBook book = BookDraft.valid().upc("zz").build();
    QualityRules.Evaluation result =
        QualityRules.evaluate(new BookCandidate(book, List.of("a", "b")));

    assertThat(result.checked()).doesNotContain("upc_unique");
    assertThat(result.failures())
        .extracting(QualityRules.Failure::rule)
        .containsExactly("upc_format");
  }

  @Test
  void siteIdPresent() {
    assertThat(check("site_id_present", BookDraft.valid())).isEmpty();
    assertThat(
            check(
                "site_id_present",
                BookDraft.valid()
                    .siteId(null)
                    .productUrl("https://books.toscrape.com/catalogue/x/index.html")))
        .contains(
            "Cannot accept site_id: 'https://books.toscrape.com/catalogue/x/index.html' has no <slug>_<id> folder");
  }

  @Test
  void titlePresent() {
    assertThat(check("title_present", BookDraft.valid())).isEmpty();
    assertThat(check("title_present", BookDraft.valid().title("")))
        .contains("Cannot accept title: the div.product_main h1 is empty");
    assertThat(check("title_present", BookDraft.valid().title(null)))
        .contains("Cannot accept title: the page has no div.product_main h1");
  }

  @Test
  void categoryPresent() {
    assertThat(check("category_present", BookDraft.valid().category("Add a comment"))).isEmpty();
    assertThat(check("category_present", BookDraft.valid().category(null)))
        .contains("Cannot accept category: the page has no third breadcrumb item");
    assertThat(check("category_present", BookDraft.valid().category("  ")))
        .contains("Cannot accept category: the third breadcrumb item is empty");
  }

  @Test
  void pricePresent() {
    assertThat(check("price_present", BookDraft.valid())).isEmpty();
    assertThat(check("price_present", BookDraft.valid().prices("£45.17", "N/A", "£0.00")))
        .contains(
            "Cannot accept price: Price (incl. tax) 'N/A' is not an amount like £51.77 (sign, digits, at most 2 decimals)");
    assertThat(check("price_present", BookDraft.valid().prices(null, "£45.17", "£0.00")))
        .contains("Cannot accept price: the information table has no 'Price (excl. tax)' row");
    assertThat(
            check(
                "price_present",
                BookDraft.valid().prices("£45.17", "€45.17", "£0.00").currency(null)))
        .contains(
            "Cannot accept price: the amounts do not share one currency: '£45.17', '€45.17', '£0.00'");
  }

  @Test
  void pricePositive() {
    assertThat(check("price_positive", BookDraft.valid())).isEmpty();
    assertThat(check("price_positive", BookDraft.valid().prices("£0.00", "£0.00", "£0.00")))
        .contains("Cannot accept price: Price (excl. tax) '£0.00' is not above zero");
    assertThat(check("price_positive", BookDraft.valid().prices("£10.00", "£9.00", "£-1.00")))
        .contains("Cannot accept price: Tax '£-1.00' is negative");
  }

  @Test
  void priceRulesAreNotCheckedWithoutPrices() {
    QualityRules.Evaluation result =
        QualityRules.evaluate(BookDraft.valid().prices("£1.00", null, "£0.00").alone());

    assertThat(result.checked())
        .contains("price_present")
        .doesNotContain("price_positive", "price_consistent");
  }

  @Test
  void priceConsistent() {
    assertThat(check("price_consistent", BookDraft.valid().prices("£44.63", "£53.56", "£8.93")))
        .isEmpty();
    assertThat(check("price_consistent", BookDraft.valid().prices("£44.63", "£53.57", "£8.93")))
        .contains(
            "Cannot accept price: '£44.63' + tax '£8.93' = 53.56, not Price (incl. tax) '£53.57'");
  }

  @Test
  void ratingRange() {
    assertThat(check("rating_range", BookDraft.valid().rating("Five", 5))).isEmpty();
    assertThat(check("rating_range", BookDraft.valid().rating("Zero", null)))
        .contains("Cannot accept rating: 'Zero' is not One..Five");
    assertThat(check("rating_range", BookDraft.valid().rating(null, null)))
        .contains(
            "Cannot accept rating: div.product_main has no p.star-rating with a rating class");
  }

  @Test
  void reviewCountPresent() {
    assertThat(check("review_count_present", BookDraft.valid().reviews("12"))).isEmpty();
    assertThat(check("review_count_present", BookDraft.valid().reviews("many")))
        .contains("Cannot accept review count: 'many' is not a whole number");
    assertThat(check("review_count_present", BookDraft.valid().reviews(null)))
        .contains(
            "Cannot accept review count: the information table has no 'Number of reviews' row");
  }

  @Test
  void stockConsistent() {
    assertThat(check("stock_consistent", BookDraft.valid())).isEmpty();
    assertThat(check("stock_consistent", BookDraft.valid().stock("Out of stock", 0, false)))
        .isEmpty();
    assertThat(
            check("stock_consistent", BookDraft.valid().stock("In stock (0 available)", 0, true)))
        .contains(
            "Cannot accept stock: 'In stock (0 available)' says in_stock=true with stock_count=0");
    assertThat(check("stock_consistent", BookDraft.valid().stock("In stock", null, true)))
        .contains("Cannot accept stock: 'In stock' gives no count");
    assertThat(check("stock_consistent", BookDraft.valid().stock("Available soon", null, null)))
        .contains(
            "Cannot accept stock: 'Available soon' is neither 'In stock (N available)' nor 'Out of stock'");
    assertThat(check("stock_consistent", BookDraft.valid().stock(null, null, null)))
        .contains("Cannot accept stock: the page has no Availability");
    assertThat(check("stock_consistent", BookDraft.valid().stock("odd", -1, false)))
        .contains("Cannot accept stock: 'odd' has a negative count");
  }

  @Test
  void urlAbsolute() {
    assertThat(check("url_absolute", BookDraft.valid())).isEmpty();
    assertThat(check("url_absolute", BookDraft.valid().productUrl("catalogue/x_1/index.html")))
        .contains(
            "Cannot accept product URL: 'catalogue/x_1/index.html' is not an absolute http(s) URL");
    assertThat(
            check(
                "url_absolute",
                BookDraft.valid().image("data:image/png;base64,AA", "data:image/png;base64,AA")))
        .contains(
            "Cannot accept image URL: 'data:image/png;base64,AA' does not resolve to an absolute http(s) URL");
    assertThat(check("url_absolute", BookDraft.valid().image(null, null)))
        .contains("Cannot accept image URL: the page has no div.item.active img[src]");
  }

  @Test
  void rulesHaveUniqueSnakeCaseNamesAndDescriptions() {
    assertThat(QualityRules.ALL)
        .extracting(QualityRule::name)
        .doesNotHaveDuplicates()
        .allMatch(n -> n.matches("[a-z_]+"));
    assertThat(QualityRules.ALL).allMatch(r -> !r.description().isBlank());
    assertThat(QualityRules.ALL)
        .extracting(QualityRule::name)
        .contains(
            "page_parseable",
            "upc_format",
            "upc_unique",
            "title_present",
            "category_present",
            "price_present",
            "price_positive",
            "price_consistent",
            "rating_range",
            "stock_consistent",
            "url_absolute");
  }
}
