package dev.bookslake.pipelines.clean;

import static dev.bookslake.pipelines.clean.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * {@link ProductPageParser#parse} stops parsing at the information table when nothing after it can
 * change the book; these tests hold it to the book a whole-document parse reads, on the saved pages
 * and on pages with markup moved, repeated or broken around the table.
 */
class ProductPagePartialParseTest {
  private static final List<String> PAGES =
      List.of(
          TYPICAL,
          INVISIBLE_CHARACTERS,
          NO_DESCRIPTION,
          OUT_OF_STOCK,
          TAXED,
          RECENTLY_VIEWED,
          MISSING_PRICE,
          RATING_ZERO,
          NON_HEX_UPC);

  // Markup that, placed after the table, would change the book if the parser stopped too early;
  // and markup that breaks the tree around it (unclosed elements, foster parenting, raw text).
  private static final List<String> SNIPPETS =
      List.of(
          "<div class=\"product_main\"><h1>Late title</h1><p class=\"star-rating Five\"></p></div>",
          "<table class=\"table table-striped\"><tr><th>UPC</th><td>late</td></tr></table>",
          "<div id=\"product_description\"></div><p>Late description</p>",
          "<ul class=\"breadcrumb\"><li>a</li><li>b</li><li>Late category</li></ul>",
          "<div class=\"item active\"><img src=\"late.jpg\"></div>",
          "<article class=\"product_page\">",
          "</article>",
          "</div>",
          "<div>",
          "<p>",
          "</p>",
          "<b>",
          "</table>",
          "<table>",
          "<td>",
          "<tr>",
          "<template>",
          "<svg>",
          "<!--",
          "<select>",
          "<script>",
          "<base href=\"https://elsewhere.example/other/\">");

  @Test
  void stopsAtTheTableWhenNothingAfterItIsRead() {
    String html = html(RECENTLY_VIEWED);
    Document partial = ProductPageParser.document(html, RECENTLY_VIEWED_URL);

    assertThat(html).contains("Products you recently viewed");
    assertThat(partial.text()).doesNotContain("Products you recently viewed");
    assertThat(ProductPageParser.read(partial, RECENTLY_VIEWED_URL))
        .isEqualTo(whole(html, RECENTLY_VIEWED_URL));
  }

  @Test
  void readsWhatAWholeParseReadsOnEverySavedPage() {
    for (String name : PAGES) {
      String html = html(name);
      assertThat(ProductPageParser.parse(html, TYPICAL_URL))
          .as(name)
          .isEqualTo(whole(html, TYPICAL_URL));
    }
  }

  @Test
  void readsWhatAWholeParseReadsWhenWhatItUsesComesAfterTheTable() {
    String html = html(TYPICAL);
    List<String> moved =
        List.of(
            // the gallery, the description, the breadcrumb and product_main each only after it
            html.replace("class=\"item active\"", "class=\"item\"")
                .replace("</table>", "</table>" + SNIPPETS.get(4)),
            html.replace("id=\"product_description\"", "id=\"elsewhere\"")
                .replace("</table>", "</table>" + SNIPPETS.get(2)),
            html.replace("class=\"breadcrumb\"", "class=\"crumbs\"")
                .replace("</table>", "</table>" + SNIPPETS.get(3)),
            html.replace("product_main", "product_side")
                .replace("</table>", "</table>" + SNIPPETS.get(0)),
            // a <base> at the very end moves the image, which comes before the table
            html.replace("</body>", SNIPPETS.get(21) + "</body>"),
            // the description's paragraph still open around the table (quirks mode lets a table
            // into a p), with more of it after the table
            html.replace("<!DOCTYPE html>", "")
                .replace("...more</p>", "...more")
                .replace("<h2>Product Information</h2>", "")
                .replace("<div class=\"sub-header\">\n        \n    </div>", "")
                .replace("</table>", "</table><b>and</b> after the table</p>"));
    for (String page : moved) {
      assertThat(ProductPageParser.parse(page, TYPICAL_URL)).isEqualTo(whole(page, TYPICAL_URL));
    }
    assertThat(ProductPageParser.parse(moved.get(4), TYPICAL_URL).imageUrl())
        .startsWith("https://elsewhere.example/");
    assertThat(ProductPageParser.parse(moved.get(5), TYPICAL_URL).description())
        .endsWith("and after the table");
  }

  @Test
  void readsWhatAWholeParseReadsWithMarkupInsertedAnywhere() {
    Random random = new Random(20261205);
    List<String> failures = new ArrayList<>();
    for (String name : PAGES) {
      String html = html(name);
      for (int i = 0; i < 150; i++) {
        StringBuilder page = new StringBuilder(html);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
          page.insert(
              random.nextInt(page.length() + 1), SNIPPETS.get(random.nextInt(SNIPPETS.size())));
        }
        String mutated = page.toString();
        if (!ProductPageParser.parse(mutated, TYPICAL_URL).equals(whole(mutated, TYPICAL_URL))) {
          failures.add(name + " #" + i);
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void readsWhatAWholeParseReadsFromEveryTruncatedPage() {
    String html = html(TYPICAL);
    for (int end = 0; end <= html.length(); end += 97) {
      String cut = html.substring(0, end);
      assertThat(ProductPageParser.parse(cut, TYPICAL_URL))
          .as("first %d chars", end)
          .isEqualTo(whole(cut, TYPICAL_URL));
    }
  }

  private static ParsedBook whole(String html, String url) {
    return ProductPageParser.read(Jsoup.parse(html, url), url);
  }
}
