package dev.bookslake.serving.snapshot;

/**
 * A category of the current catalogue with its counts.
 *
 * @param name the category name as the shop spells it
 * @param books the number of books
 * @param inStockBooks the number of books in stock
 */
public record Category(String name, int books, int inStockBooks) {}
