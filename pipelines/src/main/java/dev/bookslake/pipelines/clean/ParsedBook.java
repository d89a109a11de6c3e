package dev.bookslake.pipelines.clean;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * A product page as {@link ProductPageParser} found it: every field is {@code null} when the page
 * did not have it or it could not be decoded, and {@link #found()} keeps the raw texts so a quality
 * rule can name the offending value. Nothing here is validated; {@link QualityRules} decides
 * whether the page becomes a {@code silver.books} row.
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
    public static final Found NOTHING = builder().build();

    /** A builder with nothing found until set. */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds the texts by name: all seven are strings, easy to give in the wrong order. */
    public static final class Builder {
      private String priceExclTax;
      private String priceInclTax;
      private String tax;
      private String availability;
      private String rating;
      private String reviews;
      private String imageSrc;

      private Builder() {}

      public Builder priceExclTax(String value) {
        priceExclTax = value;
        return this;
      }

      public Builder priceInclTax(String value) {
        priceInclTax = value;
        return this;
      }

      public Builder tax(String value) {
        tax = value;
        return this;
      }

      public Builder availability(String value) {
        availability = value;
        return this;
      }

      public Builder rating(String value) {
        rating = value;
        return this;
      }

      public Builder reviews(String value) {
        reviews = value;
        return this;
      }

      public Builder imageSrc(String value) {
        imageSrc = value;
        return this;
      }

      public Found build() {
        return new Found(priceExclTax, priceInclTax, tax, availability, rating, reviews, imageSrc);
      }
    }
  }

  /** A page that is not a product page: only its URL (and the site id in it) is known. */
  public static ParsedBook notAProductPage(String productUrl, Integer siteId) {
    return builder().productUrl(productUrl).siteId(siteId).build();
  }

  /**
   * A builder of a page where nothing was found: not a product page, every field null, {@link
   * Found#NOTHING}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a parsed book field by field, so a call names what each value is (the record has 17
   * components, most of them nullable strings and numbers).
   *
   * <pre>{@code
   * ParsedBook book = ParsedBook.builder().productPage(true).productUrl(url).upc("a897fe39b1053632").siteId(1000)
   *     .priceInclTax(new BigDecimal("51.77")).found(ParsedBook.Found.builder().priceInclTax("£51.77").build()).build();
   * }</pre>
   */
  public static final class Builder {
    private boolean productPage;
    private String productUrl;
    private String upc;
    private Integer siteId;
    private String title;
    private String category;
    private BigDecimal priceExclTax;
    private BigDecimal priceInclTax;
    private BigDecimal tax;
    private String currency;
    private Integer stockCount;
    private Boolean inStock;
    private Integer rating;
    private Integer reviewCount;
    private String description;
    private String imageUrl;
    private Found found = Found.NOTHING;

    private Builder() {}

    public Builder productPage(boolean value) {
      productPage = value;
      return this;
    }

    public Builder productUrl(String value) {
      productUrl = value;
      return this;
    }

    public Builder upc(String value) {
      upc = value;
      return this;
    }

    public Builder siteId(Integer value) {
      siteId = value;
      return this;
    }

    public Builder title(String value) {
      title = value;
      return this;
    }

    public Builder category(String value) {
      category = value;
      return this;
    }

    public Builder priceExclTax(BigDecimal value) {
      priceExclTax = value;
      return this;
    }

    public Builder priceInclTax(BigDecimal value) {
      priceInclTax = value;
      return this;
    }

    public Builder tax(BigDecimal value) {
      tax = value;
      return this;
    }

    public Builder currency(String value) {
      currency = value;
      return this;
    }

    public Builder stockCount(Integer value) {
      stockCount = value;
      return this;
    }

    public Builder inStock(Boolean value) {
      inStock = value;
      return this;
    }

    public Builder rating(Integer value) {
      rating = value;
      return this;
    }

    public Builder reviewCount(Integer value) {
      reviewCount = value;
      return this;
    }

    public Builder description(String value) {
      description = value;
      return this;
    }

    public Builder imageUrl(String value) {
      imageUrl = value;
      return this;
    }

    public Builder found(Found value) {
      found = value;
      return this;
    }

    public ParsedBook build() {
      return new ParsedBook(
          productPage,
          productUrl,
          upc,
          siteId,
          title,
          category,
          priceExclTax,
          priceInclTax,
          tax,
          currency,
          stockCount,
          inStock,
          rating,
          reviewCount,
          description,
          imageUrl,
          found);
    }
  }
}
