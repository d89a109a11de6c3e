package dev.bookslake.pipelines.clean.internal;

/**
 * A fixed number of groups that UPCs are spread over before a grouping step; each group is then
 * split by UPC in memory. One group per UPC would be simplest, but the DirectRunner turns every key
 * of a grouping into its own bundle, and its per-bundle bookkeeping grows with the whole graph:
 * with a key per book, cleaning 1000 pages spent most of its time there. 64 groups keep enough
 * parallelism for a Flink cluster and a few thousand books per group at 100k books.
 */
public final class UpcBuckets {
  public static final int COUNT = 64;

  private UpcBuckets() {}

  /** The group of a key; {@code String.hashCode} is specified, so every worker agrees. */
  public static int of(String key) {
    return Math.floorMod(key.hashCode(), COUNT);
  }
}
