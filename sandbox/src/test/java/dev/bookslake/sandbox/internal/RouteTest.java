package dev.bookslake.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.sandbox.Catalogue;
import dev.bookslake.sandbox.MalformedSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTest {

  private final Catalogue catalogue = new Catalogue(1000, 42, MalformedSpec.none());

  @Test
  void resolvesTheSitePages() {
    assertThat(Route.resolve("/", catalogue)).isEqualTo(new Route.Home());
    assertThat(Route.resolve("/index.html", catalogue)).isEqualTo(new Route.Home());
    assertThat(Route.resolve("/catalogue/page-1.html", catalogue))
        .isEqualTo(new Route.CataloguePage(1));
    assertThat(Route.resolve("/catalogue/page-50.html", catalogue))
        .isEqualTo(new Route.CataloguePage(50));
    assertThat(Route.resolve(catalogue.productPath(17), catalogue))
        .isEqualTo(new Route.Product(17));
    assertThat(Route.resolve("/catalogue/category/books_1/index.html", catalogue))
        .isEqualTo(new Route.CategoryPage(1, 1));
    assertThat(Route.resolve("/catalogue/category/books_1/page-50.html", catalogue))
        .isEqualTo(new Route.CategoryPage(1, 50));
    assertThat(Route.resolve("/catalogue/category/books/travel_2/index.html", catalogue))
        .isEqualTo(new Route.CategoryPage(2, 1));
    assertThat(Route.resolve("/catalogue/category/books/travel_2/page-1.html", catalogue))
        .isEqualTo(new Route.CategoryPage(2, 1));
    int defaultPages = (catalogue.booksInCategory(15).size() + 19) / 20;
    assertThat(
            Route.resolve(
                "/catalogue/category/books/default_15/page-" + defaultPages + ".html", catalogue))
        .isEqualTo(new Route.CategoryPage(15, defaultPages));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/index.htm",
        "/catalogue/",
        "/catalogue/page-0.html",
        "/catalogue/page-51.html",
        "/catalogue/page-01.html",
        "/catalogue/page-x.html",
        "/catalogue/page-1.html/",
        "/catalogue/wrong-slug_17/index.html",
        "/catalogue/anything_1001/index.html",
        "/catalogue/anything_0/index.html",
        "/catalogue/category/books/travel_3/index.html",
        "/catalogue/category/books/crime_52/index.html",
        "/catalogue/category/books_1/page-51.html",
        "/catalogue/category/books_2/index.html",
        "/catalogue/category/books/travel_2/extra/index.html",
        "/media/cache/2c/da/x.jpg",
        "/robots.txt",
        "/private/"
      })
  void everythingElseIsNotFound(String path) {
    assertThat(Route.resolve(path, catalogue)).isNull();
  }

  @Test
  void categoryPagesStopAtTheirLastPage() {
    for (int categoryId = 2; categoryId <= 51; categoryId++) {
      int pages = Math.max(1, (catalogue.booksInCategory(categoryId).size() + 19) / 20);
      String dir = catalogue.categoryPath(categoryId).replace("index.html", "");
      assertThat(Route.resolve(dir + "page-" + pages + ".html", catalogue))
          .isEqualTo(new Route.CategoryPage(categoryId, pages));
      assertThat(Route.resolve(dir + "page-" + (pages + 1) + ".html", catalogue)).isNull();
    }
  }

  @Test
  void aProductPathNeedsItsExactSlug() {
    String path = catalogue.productPath(5);
    assertThat(Route.resolve(path.replace("/index.html", "/index.html/"), catalogue)).isNull();
    assertThat(Route.resolve(path.replace("_5/", "_05/"), catalogue)).isNull();
    assertThat(Route.resolve(path.replace("/catalogue/", "/catalogue/x"), catalogue)).isNull();
  }
}
