package dev.bookslake.pipelines.clean;

/** A valid parsed book, one field changed at a time, for rule tests. */
final class BookDraft {
  private boolean productPage = true;
  private String productUrl = Fixtures.TYPICAL_URL;
  private String upc = "a22124811bfa8350";
  private Integer siteId = 981;
  private String title = "It's Only the Himalayas";
  private String category = "Travel";
  private String priceExcl = "£45.17";
  private String priceIncl = "£45.17";
  private String tax = "£0.00";
  private String availability = "In stock (19 available)";
  private String rating = "Two";
  private String reviews = "0";
  private String description = "Backpacking. ...more";
  private String imageSrc = "../../media/cache/6d/41/6d.jpg";
  private String imageUrl = "https://books.toscrape.com/media/cache/6d/41/6d.jpg";
  private Integer stockCount = 19;
  private Boolean inStock = true;
  private Integer ratingValue = 2;
  private String currency = "GBP";

  static BookDraft valid() {
    return new BookDraft();
  }

  BookDraft notAProductPage() {
    productPage = false;
    return this;
  }

  BookDraft productUrl(String value) {
    productUrl = value;
    return this;
  }

  BookDraft upc(String value) {
    upc = value;
    return this;
  }

  BookDraft siteId(Integer value) {
    siteId = value;
    return this;
  }

  BookDraft title(String value) {
    title = value;
    return this;
  }

  BookDraft category(String value) {
    category = value;
    return this;
  }

  /** Table cells as found; the typed amounts and currency are decoded the way the parser does. */
  BookDraft prices(String excl, String incl, String taxCell) {
    priceExcl = excl;
    priceIncl = incl;
    tax = taxCell;
    currency = "GBP";
    return this;
  }

  BookDraft currency(String value) {
    currency = value;
    return this;
  }

  BookDraft stock(String found, Integer count, Boolean in) {
    availability = found;
    stockCount = count;
    inStock = in;
    return this;
  }

  BookDraft rating(String found, Integer value) {
    rating = found;
    ratingValue = value;
    return this;
  }

  BookDraft reviews(String found) {
    reviews = found;
    return this;
  }

  BookDraft image(String src, String resolved) {
    imageSrc = src;
    imageUrl = resolved;
    return this;
  }

  ParsedBook build() {
    return ParsedBook.builder()
        .productPage(productPage)
        .productUrl(productUrl)
        .upc(upc)
        .siteId(siteId)
        .title(title)
        .category(category)
        .priceExclTax(ProductPageParser.amount(priceExcl))
        .priceInclTax(ProductPageParser.amount(priceIncl))
        .tax(ProductPageParser.amount(tax))
        .currency(currency)
        .stockCount(stockCount)
        .inStock(inStock)
        .rating(ratingValue)
        .reviewCount(reviews != null && reviews.matches("\\d+") ? Integer.valueOf(reviews) : null)
        .description(description)
        .imageUrl(imageUrl)
        .found(
            ParsedBook.Found.builder()
                .priceExclTax(priceExcl)
                .priceInclTax(priceIncl)
                .tax(tax)
                .availability(availability)
                .rating(rating)
                .reviews(reviews)
                .imageSrc(imageSrc)
                .build())
        .build();
  }

  BookCandidate alone() {
    return BookCandidate.alone(build());
  }
}
