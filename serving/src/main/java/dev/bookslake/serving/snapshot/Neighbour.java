package dev.bookslake.serving.snapshot;

/**
 * One row of {@code gold.similar_books}: a neighbour of a book.
 *
 * @param rank 1 for the most similar
 * @param score the similarity score
 * @param upc the neighbour's UPC
 * @param siteId the neighbour's site id, when the table names it
 */
public record Neighbour(int rank, double score, String upc, Integer siteId) {}
