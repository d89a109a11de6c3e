package dev.bookslake.pipelines.clean;

import java.util.List;
import java.util.Optional;

/**
 * One named quality rule a product page must pass to become a {@code silver.books} row. The rules
 * themselves are declared in {@link QualityRules}.
 *
 * <pre>{@code
 * QualityRule rating = QualityRules.named("rating_range").orElseThrow();
 * Optional<String> reason = rating.check().reason(candidate); // "Cannot accept rating: 'Zero' is not One..Five"
 * }</pre>
 *
 * @param name snake_case name, written to {@code silver.quarantine.rule} and the quality report
 * @param description what the rule checks, in one sentence
 * @param requires rules that must pass before this one is checked (a rule about prices says nothing
 *     useful when there are no prices)
 * @param check the check itself
 */
public record QualityRule(String name, String description, List<String> requires, Check check) {
  public QualityRule {
    requires = List.copyOf(requires);
  }

  /** The check of a rule: empty when the page passes, else why not, naming the offending value. */
  @FunctionalInterface
  public interface Check {
    Optional<String> reason(BookCandidate candidate);
  }
}
