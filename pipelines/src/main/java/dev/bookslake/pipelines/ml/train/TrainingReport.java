package dev.bookslake.pipelines.ml.train;

import dev.bookslake.ml.registry.ModelMetadata;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a training run did, printed at its end: every candidate's held-out metrics beside the
 * baseline's, the winner, the registered version, and an honest verdict on the baseline.
 *
 * @param target the target trained
 * @param dt the training data's dt
 * @param trainRows rows learned from
 * @param testRows held-out rows
 * @param featureCount vector width
 * @param contractHash feature contract hash
 * @param metric the selection metric
 * @param baselineDescription what the baseline answers, e.g. {@code always 3}
 * @param candidates the baseline first, then each XGBoost candidate
 * @param selected the winning candidate's name
 * @param version the registered version
 * @param beatsBaseline whether the winner beats the baseline on the metric
 * @param promotion the promotion decision, or null without {@code --promote-if-better}
 */
public record TrainingReport(
    String target,
    LocalDate dt,
    int trainRows,
    int testRows,
    int featureCount,
    String contractHash,
    SelectionMetric metric,
    String baselineDescription,
    List<ModelMetadata.Candidate> candidates,
    String selected,
    int version,
    boolean beatsBaseline,
    Promotion promotion) {

  /** Below this many held-out rows the verdict carries a warning that a small margin can be chance. */
  static final int SMALL_TEST = 200;

  public TrainingReport {
    candidates = List.copyOf(candidates);
  }

  /** The winner's held-out metrics. */
  public Map<String, Double> metrics() {
    return candidate(selected).metrics();
  }

  public Map<String, Double> baselineMetrics() {
    return candidate(ModelTraining.BASELINE).metrics();
  }

  private ModelMetadata.Candidate candidate(String name) {
    return candidates.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "Trained %s on gold.training_data dt=%s: %d train rows, %d held-out test rows, %d features (contract %s)%n%n",
        target, dt, trainRows, testRows, featureCount, contractHash.substring(0, 12)));
    List<String> keys = List.copyOf(candidates.get(0).metrics().keySet());
    text.append(String.format(Locale.ROOT, "  %-22s", "candidate"));
    keys.forEach(k -> text.append(String.format(Locale.ROOT, " %10s", k)));
    text.append(String.format(Locale.ROOT, " %10s%n", "train_ms"));
    for (ModelMetadata.Candidate c : candidates) {
      String label = c.name().equals(selected) ? c.name() + " *" : c.name();
      text.append(String.format(Locale.ROOT, "  %-22s", label));
      keys.forEach(k -> text.append(String.format(Locale.ROOT, " %10.4f", c.metrics().get(k))));
      text.append(String.format(Locale.ROOT, " %10d%n", c.trainMillis()));
    }
    String m = metric.key();
    text.append(String.format(Locale.ROOT, "%nSelected %s by %s (%s is better); baseline = %s.%n",
        selected, m, metric.higherIsBetter() ? "higher" : "lower", baselineDescription));
    text.append(String.format(Locale.ROOT, "Registered %s v%d.%n", target, version));
    if (promotion != null) {
      text.append(promotion.promoted() ? "Promoted to production: " : "Not promoted: ")
          .append(promotion.reason()).append(System.lineSeparator());
    }
    double mine = metrics().get(m);
    double base = baselineMetrics().get(m);
    text.append(String.format(Locale.ROOT, "%s v%d %s the baseline on %d held-out rows: %s %.4f vs %.4f%s", target,
        version, beatsBaseline ? "BEATS" : "does NOT beat", testRows, m, mine, base, beatsBaseline
            ? (testRows < SMALL_TEST ? " (few held-out rows: a margin this small can be chance)." : ".")
            : " (no better than answering '" + baselineDescription + "'; do not trust its predictions)."));
    return text.toString();
  }
}
