package dev.bookslake.pipelines.features.internal;

import java.io.Serializable;
import java.util.Comparator;

/**
 * A scored candidate neighbour of some book.
 *
 * @param score the combined similarity in [0, 1]
 * @param sameCategory whether both books share a category
 * @param textSimilarity the TF-IDF cosine of their texts, in [0, 1]
 */
public record Neighbour(
    String upc, int siteId, double score, boolean sameCategory, double textSimilarity)
    implements Serializable {
  /**
   * Best first: score descending, then UPC ascending, a total order so rankings never depend on
   * input order.
   */
  public static final Comparator<Neighbour> BEST_FIRST =
      Comparator.comparingDouble(Neighbour::score).reversed().thenComparing(Neighbour::upc);
}
