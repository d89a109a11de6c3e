package dev.bookslake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class SandboxScaleIT {

  private final SiteClient client = new SiteClient();

  @Test
  void aHundredThousandBooksStartFastAndServeTheFarEnds() {
    long start = System.nanoTime();
    try (SandboxServer server =
        SandboxServer.start(SandboxConfig.builder().books(100_000).build())) {
      long startMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(startMillis).as("start-up of 100,000 books in ms").isLessThan(2000);
      Catalogue catalogue = server.catalogue();
      int pages = catalogue.cataloguePages();
      assertThat(pages).isEqualTo(5000);

      Document last = client.page(server.baseUri().resolve("catalogue/page-" + pages + ".html"));
      assertThat(last.selectFirst("li.current").text()).isEqualTo("Page 5000 of 5000");
      assertThat(last.selectFirst("li.next")).isNull();
      assertThat(last.select("article.product_pod h3 a").eachAttr("abs:href"))
          .hasSize(20)
          .startsWith(url(server, catalogue.productPath(20)))
          .endsWith(url(server, catalogue.productPath(1)));

      for (int id : new int[] {1, 50_000, 100_000}) {
        ScrapedProduct product =
            ScrapedProduct.of(client.page(URI.create(url(server, catalogue.productPath(id)))));
        assertThat(product.title()).isEqualTo(catalogue.book(id, 0).title());
        assertThat(product.table().get("UPC")).isEqualTo(catalogue.book(id, 0).upc());
      }

      int biggest = 2;
      for (int categoryId = 2; categoryId <= 51; categoryId++) {
        if (catalogue.booksInCategory(categoryId).size()
            > catalogue.booksInCategory(biggest).size()) {
          biggest = categoryId;
        }
      }
      int categoryPages = (catalogue.booksInCategory(biggest).size() + 19) / 20;
      String lastCategoryPage =
          catalogue.categoryPath(biggest).replace("index.html", "page-" + categoryPages + ".html");
      Document tail = client.page(URI.create(url(server, lastCategoryPage)));
      assertThat(tail.selectFirst("li.current").text())
          .isEqualTo("Page %d of %d".formatted(categoryPages, categoryPages));
    }
  }

  private static String url(SandboxServer server, String path) {
    return server.baseUri().resolve(path.substring(1)).toString();
  }
}
