package dev.bookslake.pipelines.clean;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * A product page as {@link ProductPageParser} found it: every field is {@code null} when the page
 * did not have it or it could not be decoded, and {@link #found()} keeps the raw texts so a
 * quality rule can name the offending value. Nothing here is validated; {@link QualityRules}
 * decides whether the page becomes a {@code silver.books} row.
 *
 * <pre>{@code
 * ParsedBook book = ProductPageParser.parse(html, "https://books.toscrape.com/catalogue/a-light-in-the-attic_1000/index.html");
 * book.siteId();        // 1000
 * book.priceInclTax();  // 51.77
 * book.found().rating(); // "Three"
 * }</pre>
 *
 * @param productPage whether the HTML is a product page at all (it has {@code div.product_main})
 * @param productUrl the page's URL, as given
 * @param upc the information table's UPC cell
 * @param siteId the number ending the URL's folder ({@code <slug>_<id>})
 * @param title {@code div.product_main h1}
 * @param category the third breadcrumb item
 * @param priceExclTax price excluding tax, scale 2
 * @param priceInclTax price including tax, scale 2
 * @param tax tax, scale 2
 * @param currency ISO 4217 code of the amounts' sign, when all found amounts share one
 * @param stockCount copies available; 0 when out of stock
 * @param inStock whether the availability says In stock
 * @param rating 1..5 from the star-rating class One..Five
 * @param reviewCount the information table's number of reviews
 * @param description the paragraph after {@code div#product_description}
 * @param imageUrl the cover image, resolved against the page URL
 * @param found the raw texts the typed fields were decoded from
 */
public record ParsedBook(
    boolean productPage,
    String productUrl,
    String upc,
    Integer siteId,
    String title,
    String category,
    BigDecimal priceExclTax,
    BigDecimal priceInclTax,
    BigDecimal tax,
    String currency,
    Integer stockCount,
    Boolean inStock,
    Integer rating,
    Integer reviewCount,
    String description,
    String imageUrl,
    Found found)
    implements Serializable {

  /**
   * The texts typed fields were decoded from, trimmed, {@code null} where the page had none.
   *
   * @param priceExclTax the "Price (excl. tax)" cell, e.g. {@code £51.77}
   * @param priceInclTax the "Price (incl. tax)" cell
   * @param tax the "Tax" cell
   * @param availability the "Availability" cell, e.g. {@code In stock (22 available)}
   * @param rating the star-rating class after {@code star-rating}, e.g. {@code Three}
   * @param reviews the "Number of reviews" cell
   * @param imageSrc the cover image's {@code src} attribute before resolving
   */
  public record Found(
      String priceExclTax,
      String priceInclTax,
      String tax,
      String availability,
      String rating,
      String reviews,
      String imageSrc)
      implements Serializable {

    /** Nothing found: the page was not a product page. */
    public static final Found NOTHING = new Found(null, null, null, null, null, null, null);
  }

  /** A page that is not a product page: only its URL (and the site id in it) is known. */
  public static ParsedBook notAProductPage(String productUrl, Integer siteId) {
    return new ParsedBook(
        false, productUrl, null, siteId, null, null, null, null, null, null, null, null, null, null, null,
        null, Found.NOTHING);
  }
}
