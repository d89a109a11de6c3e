package dev.bookslake.pipelines.features;

/**
 * The shuffle groups books are joined and ranked in: a hash of the UPC, not the UPC itself.
 *
 * <p>On the DirectRunner every key of a GroupByKey becomes its own bundle, and every bundle of
 * every downstream step pays for setting up its evaluators; a key per book made the features stage
 * spend most of its time on that at 10k books. A fixed number of groups keeps that cost constant
 * and still gives Flink more groups than workers.
 */
final class Shards {
  /** How many groups. Changing it changes no result, only how the work is spread. */
  static final int COUNT = 32;

  private Shards() {}

  static int of(String upc) {
    return Math.floorMod(upc.hashCode(), COUNT);
  }
}
