package dev.bookslake.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A product page read with the selectors of site-structure.md, scoped to {@code div.product_main}
 * and the information table as a correct parser must be.
 */
record ScrapedProduct(
    String title,
    String price,
    String ratingWord,
    String availability,
    List<String> breadcrumb,
    String categoryUrl,
    String description,
    Map<String, String> table,
    String imageUrl,
    List<String> recentlyViewedUrls) {

  static ScrapedProduct of(Document page) {
    Element main = page.selectFirst("article.product_page div.product_main");
    Element price = main.selectFirst("p.price_color");
    Element rating = main.selectFirst("p.star-rating");
    String word =
        rating.classNames().stream()
            .filter(c -> !c.equals("star-rating"))
            .findFirst()
            .orElseThrow();
    Element anchor = page.selectFirst("div#product_description");
    Map<String, String> table = new LinkedHashMap<>();
    for (Element row : page.select("table.table-striped tr")) {
      table.put(row.selectFirst("th").text(), row.selectFirst("td").text());
    }
    return new ScrapedProduct(
        main.selectFirst("h1").text(),
        price == null ? null : price.text(),
        word,
        main.selectFirst("p.availability").text(),
        page.select("ul.breadcrumb li").eachText(),
        page.select("ul.breadcrumb li a").get(2).absUrl("href"),
        // wholeText: text() drops the soft hyphens and zero-width spaces some descriptions carry.
        anchor == null ? null : anchor.nextElementSibling().wholeText().strip(),
        table,
        page.selectFirst("div.item.active img").absUrl("src"),
        page.select("article.product_pod h3 a").eachAttr("abs:href"));
  }
}
