package dev.bookslake.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.sandbox.Catalogue;
import dev.bookslake.sandbox.MalformedSpec;
import dev.bookslake.sandbox.SandboxBook;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class ShopPagesTest {

  private static final String BASE = "http://sandbox.test";

  private final Catalogue catalogue = new Catalogue(1000, 42, new MalformedSpec(2, 2, 0, 0));
  private final ShopPages pages = new ShopPages(catalogue, 5);

  @Test
  void titlesAreEscapedInTheMarkupAndDecodeBackToTheTitle() {
    for (String special : List.of("'", "&", "\"")) {
      SandboxBook book = first(b -> b.title().contains(special));
      String html = product(book.siteId());
      String escaped = Html.escape(new StringBuilder(), book.title()).toString();
      assertThat(html)
          .contains("<h1>" + escaped + "</h1>", "alt=\"" + escaped + "\"")
          .doesNotContain("<h1>" + book.title() + "</h1>");
      Document page = Jsoup.parse(html, BASE + catalogue.productPath(book.siteId()));
      assertThat(page.selectFirst("div.product_main h1").text()).isEqualTo(book.title());
      assertThat(page.select("ul.breadcrumb li").last().text()).isEqualTo(book.title());
    }
  }

  @Test
  void theListPriceIncludesTaxAndTheTableShowsAllThree() {
    SandboxBook book = first(b -> b.tax() != null && b.tax().signum() > 0);
    Document page =
        Jsoup.parse(product(book.siteId()), BASE + catalogue.productPath(book.siteId()));
    assertThat(page.selectFirst("div.product_main p.price_color").text())
        .isEqualTo("£" + book.priceInclTax());
    assertThat(page.select("table.table-striped td").eachText())
        .containsSubsequence(
            "£" + book.priceExclTax(), "£" + book.priceInclTax(), "£" + book.tax());
  }

  @Test
  void outOfStockBooksUseOscarsMarkup() {
    SandboxBook book = first(b -> !b.inStock());
    Document page =
        Jsoup.parse(product(book.siteId()), BASE + catalogue.productPath(book.siteId()));
    Element availability = page.selectFirst("div.product_main p.availability");
    assertThat(availability.classNames()).contains("outofstock");
    assertThat(availability.text()).isEqualTo("Out of stock");
  }

  @Test
  void defectsShowOnTheProductPage() {
    catalogue
        .malformedBooks()
        .forEach(
            (id, defect) -> {
              Document page = Jsoup.parse(product(id), BASE + catalogue.productPath(id));
              Element main = page.selectFirst("div.product_main");
              if (defect.equals("missing-price")) {
                assertThat(main.select("p.price_color")).isEmpty();
                assertThat(page.select("table.table-striped th").eachText())
                    .containsExactly("UPC", "Product Type", "Availability", "Number of reviews");
              } else {
                assertThat(main.selectFirst("p.star-rating").classNames()).contains("Zero");
              }
            });
  }

  @Test
  void recentlyViewedShowsTheOtherBooksAsOnDayZero() {
    for (int id = 1; id <= 1000; id += 111) {
      Document page = Jsoup.parse(product(id), BASE + catalogue.productPath(id));
      List<Element> pods = page.select("article.product_pod");
      List<Integer> others = catalogue.recentlyViewed(id);
      assertThat(pods).hasSize(others.size());
      for (int i = 0; i < pods.size(); i++) {
        SandboxBook other = catalogue.book(others.get(i), 0);
        assertThat(pods.get(i).selectFirst("h3 a").absUrl("href"))
            .isEqualTo(BASE + catalogue.productPath(other.siteId()));
        Element price = pods.get(i).selectFirst("p.price_color");
        assertThat(price == null ? null : price.text())
            .isEqualTo(other.priceInclTax() == null ? null : "£" + other.priceInclTax());
      }
    }
  }

  @Test
  void everyPageIsAWholeDocument() {
    List<Route> routes =
        List.of(
            Route.HOME,
            new Route.CataloguePage(50),
            new Route.CategoryPage(1, 3),
            new Route.CategoryPage(2, 1),
            new Route.Product(1));
    for (Route route : routes) {
      String html = pages.render(route).html();
      assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
      assertThat(html).doesNotContain("{}");
    }
  }

  private String product(int id) {
    return pages.render(new Route.Product(id)).html();
  }

  private SandboxBook first(Predicate<SandboxBook> test) {
    return IntStream.rangeClosed(1, catalogue.size())
        .mapToObj(id -> catalogue.book(id, 5))
        .filter(test)
        .findFirst()
        .orElseThrow();
  }
}
