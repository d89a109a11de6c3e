package dev.bookslake.pipelines.clean.internal;

/**
 * A fixed number of groups that UPCs are spread over before a grouping step; each group is then
 * split by UPC in memory. One group per UPC would be simplest, but the DirectRunner turns every key
 * of a grouping into its own bundle, and its per-bundle bookkeeping grows with the whole graph:
 * with a key per book, cleaning 1000 pages spent most of its time there. Fewer groups are cheaper
 * still: each of a grouping's bundles is also a bundle into the next grouping (the silver writes'),
 * whose in-memory state the DirectRunner copies once per bundle (10k books: 64 groups cost 2 s more
 * than 8, docs/benchmarks.md). 8 groups still spread the work over the cores of a machine or a
 * small cluster, at 12,500 books per group at 100k books (more than a {@code CoGroupByKey} keeps in
 * memory: on Flink that needs re-iterable groups, which {@code RunnerPipelines} sets).
 */
public final class UpcBuckets {
  public static final int COUNT = 8;

  private UpcBuckets() {}

  /** The group of a key; {@code String.hashCode} is specified, so every worker agrees. */
  public static int of(String key) {
    return Math.floorMod(key.hashCode(), COUNT);
  }
}
