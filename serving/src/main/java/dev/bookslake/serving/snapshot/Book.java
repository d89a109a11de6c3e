package dev.bookslake.serving.snapshot;

import java.math.BigDecimal;

/**
 * One row of {@code gold.books}: the fields the API filters and sorts on, plus the whole row
 * precomputed as JSON (every gold column, led by {@code id} = {@code site_id}).
 *
 * @param siteId the bookshop's own id (the number in the product URL)
 * @param upc the natural key
 * @param title the title
 * @param titleKey the title in lower case, for search and sorting
 * @param category the category
 * @param price the price including tax
 * @param rating stars 1..5
 * @param reviewCount number of reviews
 * @param stockCount copies in stock
 * @param inStock whether the book is in stock
 * @param dt the logical date of the row
 * @param json the row as JSON
 */
public record Book(
    int siteId,
    String upc,
    String title,
    String titleKey,
    String category,
    BigDecimal price,
    int rating,
    int reviewCount,
    int stockCount,
    boolean inStock,
    String dt,
    byte[] json) {}
