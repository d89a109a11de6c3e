package dev.bookslake.sandbox;

import java.math.BigDecimal;

/**
 * One book exactly as the sandbox serves it on a given day: the ground truth a parser's output is
 * compared with.
 *
 * <p>Prices have two decimals and {@code priceInclTax = priceExclTax + tax}. For a {@code
 * missing-price} book the three prices are {@code null}; for a {@code zero-rating} book the rating
 * is 0; {@code upc} is the served (possibly defective) value. {@code description} is {@code null}
 * when the page has no description block. {@code imagePath} is relative to the site root, e.g.
 * {@code media/cache/2c/da/2cdad67c44b002e7ead0cc35693c0e8b.jpg}.
 *
 * <pre>{@code
 * SandboxBook book = new Catalogue(1000, 42, MalformedSpec.none()).book(1000, 0);
 * book.priceInclTax(); // what div.product_main p.price_color shows, without the £
 * }</pre>
 */
public record SandboxBook(
    int siteId,
    String upc,
    String title,
    String slug,
    String category,
    int categoryId,
    BigDecimal priceExclTax,
    BigDecimal tax,
    BigDecimal priceInclTax,
    int stockCount,
    int rating,
    int reviewCount,
    String description,
    String imagePath) {

  /** True when at least one copy is in stock. */
  public boolean inStock() {
    return stockCount > 0;
  }
}
