package dev.bookslake.pipelines.scrape.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListingLinksTest {
  private static String pod(String href, String title) {
    return "<article class=\"product_pod\"><div class=\"image_container\"><a href=\""
        + href
        + "\"><img src=\"x.jpg\"></a></div>"
        + "<h3><a href=\""
        + href
        + "\" title=\""
        + title
        + "\">"
        + title.substring(0, Math.min(10, title.length()))
        + "...</a></h3>"
        + "<p class=\"price_color\">£51.77</p></article>";
  }

  @Test
  void homePageLinksResolveUnderCatalogue() {
    String html =
        "<html><body><ol class=\"row\">"
            + pod("catalogue/a-light-in-the-attic_1000/index.html", "A Light in the Attic")
            + pod("catalogue/tipping-the-velvet_999/index.html", "Tipping the Velvet")
            + "</ol><ul class=\"pager\"><li class=\"current\">Page 1 of 50</li>"
            + "<li class=\"next\"><a href=\"catalogue/page-2.html\">next</a></li></ul></body></html>";
    ListingLinks links = ListingLinks.parse(html, "http://127.0.0.1:8000/index.html");
    assertThat(links.products())
        .containsExactly(
            "http://127.0.0.1:8000/catalogue/a-light-in-the-attic_1000/index.html",
            "http://127.0.0.1:8000/catalogue/tipping-the-velvet_999/index.html");
    assertThat(links.next()).isEqualTo("http://127.0.0.1:8000/catalogue/page-2.html");
  }

  @Test
  void cataloguePageLinksAreRelativeToTheCatalogueFolder() {
    String html =
        "<html><body>"
            + pod("its-only-the-himalayas_981/index.html", "It&#39;s Only the Himalayas")
            + "<ul class=\"pager\"><li class=\"previous\"><a href=\"page-1.html\">previous</a></li>"
            + "<li class=\"next\"><a href=\"page-3.html\">next</a></li></ul></body></html>";
    ListingLinks links =
        ListingLinks.parse(html, "https://books.toscrape.com/catalogue/page-2.html");
    assertThat(links.products())
        .containsExactly(
            "https://books.toscrape.com/catalogue/its-only-the-himalayas_981/index.html");
    assertThat(links.next()).isEqualTo("https://books.toscrape.com/catalogue/page-3.html");
  }

  @Test
  void categoryPageLinksClimbThreeFolders() {
    String html =
        "<html><body>"
            + pod("../../../its-only-the-himalayas_981/index.html", "It's Only the Himalayas")
            + "</body></html>";
    ListingLinks links =
        ListingLinks.parse(html, "http://h/catalogue/category/books/travel_2/index.html");
    assertThat(links.products())
        .containsExactly("http://h/catalogue/its-only-the-himalayas_981/index.html");
    assertThat(links.next()).as("last page has no next").isNull();
  }

  @Test
  void duplicateLinksAreListedOnce() {
    String html =
        "<html><body>"
            + pod("a_1/index.html", "A")
            + pod("a_1/index.html#top", "A")
            + "</body></html>";
    assertThat(ListingLinks.parse(html, "http://h/catalogue/page-1.html").products()).hasSize(1);
  }
}
