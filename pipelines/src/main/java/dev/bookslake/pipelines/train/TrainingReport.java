package dev.bookslake.pipelines.train;

import dev.bookslake.ml.registry.ModelMetadata;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a training run did, printed at its end: every candidate's test metrics beside the
 * baseline's, the validation value each was ranked by, the winner, the registered version, and an
 * honest verdict on the baseline.
 *
 * <pre>{@code
 * TrainingReport report = ModelTraining.train(Lake.open("lake/warehouse"), LocalDate.parse("2026-01-01"),
 *     "rating", "", false, CandidateSpec.DEFAULTS);
 * report.metrics().get("accuracy");      // the registered model on the test rows, e.g. 0.31
 * report.beatsBaseline();                // judged on the same test rows, never used to choose
 * System.out.println(report);            // the table and the verdict ./bookslake train prints
 * }</pre>
 *
 * @param target the target trained
 * @param dt the training data's dt
 * @param fitRows train rows the candidates and the baseline learnt from
 * @param validationRows train rows the candidates were ranked on
 * @param testRows held-out rows every reported metric comes from
 * @param featureCount vector width
 * @param contractHash feature contract hash
 * @param metric the selection metric
 * @param baselineDescription what the baseline answers, e.g. {@code always 3}
 * @param candidates the baseline first, then each XGBoost candidate; metrics on the test rows plus
 *     {@code validation_<metric>}, the value it was ranked by
 * @param selected the winning candidate's name
 * @param version the registered version
 * @param beatsBaseline whether the winner beats the baseline on the metric on the test rows
 * @param promotion the promotion decision, or null without {@code --promote-if-better}
 */
public record TrainingReport(
    String target,
    LocalDate dt,
    int fitRows,
    int validationRows,
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

  /**
   * Below this many held-out rows the verdict carries a warning that a small margin can be chance.
   */
  static final int SMALL_TEST = 200;

  public TrainingReport {
    candidates = List.copyOf(candidates);
  }

  /** The winner's metrics (test rows, plus the validation value it was ranked by). */
  public Map<String, Double> metrics() {
    return candidate(selected).metrics();
  }

  /** The baseline's metrics, measured as the candidates' are. */
  public Map<String, Double> baselineMetrics() {
    return candidate(ModelTraining.BASELINE).metrics();
  }

  private ModelMetadata.Candidate candidate(String name) {
    return candidates.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Override
  public String toString() {
    String m = metric.key();
    String ranked = ModelTraining.VALIDATION + m;
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Trained %s on gold.training_data dt=%s: %d fit rows, %d validation rows (to choose), %d held-out test rows"
                    + " (to report), %d features (contract %s)%n%n",
                target,
                dt,
                fitRows,
                validationRows,
                testRows,
                featureCount,
                contractHash.substring(0, 12)));
    List<String> keys =
        candidates.get(0).metrics().keySet().stream().filter(k -> !k.equals(ranked)).toList();
    text.append(String.format(Locale.ROOT, "  %-22s", "candidate"));
    keys.forEach(k -> text.append(String.format(Locale.ROOT, " %10s", k)));
    text.append(
        String.format(
            Locale.ROOT, " %" + Math.max(10, ranked.length()) + "s %10s%n", ranked, "train_ms"));
    for (ModelMetadata.Candidate c : candidates) {
      String label = c.name().equals(selected) ? c.name() + " *" : c.name();
      text.append(String.format(Locale.ROOT, "  %-22s", label));
      keys.forEach(k -> text.append(String.format(Locale.ROOT, " %10.4f", c.metrics().get(k))));
      text.append(
          String.format(
              Locale.ROOT,
              " %" + Math.max(10, ranked.length()) + ".4f %10d%n",
              c.metrics().get(ranked),
              c.trainMillis()));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "%nSelected %s by %s on the %d validation rows (%s is better); the other"
                + " columns are on the %d test rows; baseline = %s.%n",
            selected,
            m,
            validationRows,
            metric.higherIsBetter() ? "higher" : "lower",
            testRows,
            baselineDescription));
    text.append(String.format(Locale.ROOT, "Registered %s v%d.%n", target, version));
    if (promotion != null) {
      text.append(promotion.promoted() ? "Promoted to production: " : "Not promoted: ")
          .append(promotion.reason())
          .append(System.lineSeparator());
    }
    double mine = metrics().get(m);
    double base = baselineMetrics().get(m);
    text.append(
        String.format(
            Locale.ROOT,
            "%s v%d %s the baseline on %d held-out rows: %s %.4f vs %.4f%s",
            target,
            version,
            beatsBaseline ? "BEATS" : "does NOT beat",
            testRows,
            m,
            mine,
            base,
            beatsBaseline
                ? (testRows < SMALL_TEST
                    ? " (few held-out rows: a margin this small can be chance)."
                    : ".")
                : " (no better than answering '"
                    + baselineDescription
                    + "'; do not trust its predictions)."));
    return text.toString();
  }
}
