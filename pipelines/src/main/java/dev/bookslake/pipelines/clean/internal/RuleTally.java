package dev.bookslake.pipelines.clean.internal;

import java.io.Serializable;

/**
 * Pages checked against one rule and pages that failed it; tallies add up across pages.
 *
 * @param checked pages the rule was evaluated on
 * @param failed pages that failed it
 */
public record RuleTally(long checked, long failed) implements Serializable {
  public static final RuleTally NONE = new RuleTally(0, 0);

  /** The tally of one page: checked, and failed or not. */
  public static RuleTally of(boolean failed) {
    return new RuleTally(1, failed ? 1 : 0);
  }

  public RuleTally plus(RuleTally other) {
    return new RuleTally(checked + other.checked, failed + other.failed);
  }

  /** The sum of many tallies, for {@code Combine.perKey}. */
  public static RuleTally sum(Iterable<RuleTally> tallies) {
    RuleTally total = NONE;
    for (RuleTally tally : tallies) {
      total = total.plus(tally);
    }
    return total;
  }
}
