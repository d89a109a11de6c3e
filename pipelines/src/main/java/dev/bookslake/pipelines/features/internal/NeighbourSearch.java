package dev.bookslake.pipelines.features.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The best neighbours of every book of one block (a category, or a price step), with a bound on the
 * work: books are ordered by price, and each book is scored against at most {@code candidates}
 * others, the ones next to it in that order (half below, half above, shifted at either end). A
 * block of up to {@code candidates + 1} books is therefore searched exactly; a larger one costs
 * {@code n * candidates} scores instead of {@code n^2}.
 */
public final class NeighbourSearch {
  private static final Comparator<BookProfile> BY_PRICE =
      Comparator.comparingDouble(BookProfile::price).thenComparing(BookProfile::upc);

  private NeighbourSearch() {}

  /**
   * Calls {@code result} once per book of the block with its best {@code k} neighbours, best first
   * ({@link Neighbour#BEST_FIRST}). Input order does not matter.
   *
   * @return how many pairs were scored
   */
  public static long search(
      List<BookProfile> block,
      int candidates,
      int k,
      BiConsumer<BookProfile, List<Neighbour>> result) {
    List<BookProfile> books = new ArrayList<>(block);
    books.sort(BY_PRICE);
    int n = books.size();
    long scored = 0;
    for (int i = 0; i < n; i++) {
      BookProfile book = books.get(i);
      int from = 0;
      int to = n - 1;
      if (n - 1 > candidates) {
        from = Math.max(0, Math.min(i - candidates / 2, n - 1 - candidates));
        to = from + candidates;
      }
      TopK best = new TopK(k);
      for (int j = from; j <= to; j++) {
        BookProfile other = books.get(j);
        if (j != i && !other.upc().equals(book.upc())) {
          double text = Similarity.text(book, other);
          double score = Similarity.score(book, other, text);
          // Most candidates lose; deciding before building a Neighbour saves an allocation per
          // pair.
          if (best.accepts(score, other.upc())) {
            best.offer(
                new Neighbour(
                    other.upc(),
                    other.siteId(),
                    score,
                    book.category().equals(other.category()),
                    text));
          }
          scored++;
        }
      }
      result.accept(book, best.toList());
    }
    return scored;
  }

  /** The k best neighbours seen so far, kept sorted; k is small, so insertion beats a heap. */
  static final class TopK {
    private final Neighbour[] best;
    private int size;

    TopK(int k) {
      this.best = new Neighbour[k];
    }

    /** Whether a candidate with this score and UPC would enter the k best. */
    boolean accepts(double score, String upc) {
      if (size < best.length) {
        return true;
      }
      Neighbour worst = best[size - 1];
      return score > worst.score() || score == worst.score() && upc.compareTo(worst.upc()) < 0;
    }

    void offer(Neighbour candidate) {
      if (best.length == 0) {
        return;
      }
      if (size == best.length && Neighbour.BEST_FIRST.compare(candidate, best[size - 1]) >= 0) {
        return;
      }
      int at = size == best.length ? size - 1 : size++;
      while (at > 0 && Neighbour.BEST_FIRST.compare(candidate, best[at - 1]) < 0) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = candidate;
    }

    List<Neighbour> toList() {
      return List.of(java.util.Arrays.copyOf(best, size));
    }
  }
}
