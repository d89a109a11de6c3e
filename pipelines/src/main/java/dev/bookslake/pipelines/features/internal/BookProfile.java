package dev.bookslake.pipelines.features.internal;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;

/**
 * What similarity compares about a book: category, price, rating, and its TF-IDF text vector (term
 * ids ascending, weights of unit length).
 *
 * @param terms term ids ({@link TextTerms#id}), strictly ascending
 * @param weights the weight of each term; the vector has length 1, or no terms at all
 */
public record BookProfile(
    String upc,
    int siteId,
    String category,
    double price,
    int rating,
    long[] terms,
    double[] weights)
    implements Serializable {

  /**
   * A profile whose term weights are {@code (1 + ln tf) * idf}, with the smoothed {@code idf =
   * ln((1 + N) / (1 + df)) + 1}, scaled to unit length. StrictMath makes the weights, and so the
   * scores and rankings, identical on every JVM and runner.
   *
   * @param counts term to count in this book ({@link TextTerms#counts})
   * @param documentFrequencies term to the number of books of the dt holding it
   * @param documents the number of books of the dt
   */
  public static BookProfile of(
      String upc,
      int siteId,
      String category,
      double price,
      int rating,
      Map<String, Integer> counts,
      Map<String, Long> documentFrequencies,
      long documents) {
    long[] ids = new long[counts.size()];
    double[] raw = new double[counts.size()];
    int n = 0;
    for (Map.Entry<String, Integer> term : counts.entrySet()) {
      long df = Math.max(1, documentFrequencies.getOrDefault(term.getKey(), 1L));
      double idf = StrictMath.log((1.0 + documents) / (1.0 + df)) + 1.0;
      ids[n] = TextTerms.id(term.getKey());
      raw[n] = (1.0 + StrictMath.log(term.getValue())) * idf;
      n++;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Long.compare(ids[x], ids[y]));
    long[] terms = new long[n];
    double[] weights = new double[n];
    int size = 0;
    for (int i = 0; i < n; i++) {
      long id = ids[order[i]];
      if (size > 0 && terms[size - 1] == id) {
        weights[size - 1] += raw[order[i]];
      } else {
        terms[size] = id;
        weights[size] = raw[order[i]];
        size++;
      }
    }
    double norm = 0;
    for (int i = 0; i < size; i++) {
      norm += weights[i] * weights[i];
    }
    norm = StrictMath.sqrt(norm);
    for (int i = 0; i < size; i++) {
      weights[i] /= norm;
    }
    return new BookProfile(
        upc,
        siteId,
        category,
        price,
        rating,
        Arrays.copyOf(terms, size),
        Arrays.copyOf(weights, size));
  }
}
