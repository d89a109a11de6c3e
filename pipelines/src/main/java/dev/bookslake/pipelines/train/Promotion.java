package dev.bookslake.pipelines.train;

/**
 * What {@code --promote-if-better} decided.
 *
 * <pre>{@code
 * TrainingReport report = ModelTraining.train(Lake.open("lake/warehouse"), LocalDate.parse("2026-01-01"),
 *     "rating", "", true, CandidateSpec.DEFAULTS);
 * Promotion p = report.promotion();
 * // p.promoted() == true, p.previousVersion() == 1,
 * // p.reason() == "accuracy v2 0.9100 vs production v1 0.8700 on the same 212 held-out test rows of dt=2026-01-01"
 * }</pre>
 *
 * @param promoted whether the new version now holds the production alias
 * @param previousVersion the production version the new one was compared with (null when there was
 *     none); when production moved while the run compared, the version it moved to
 * @param reason why, with the metric values compared
 */
public record Promotion(boolean promoted, Integer previousVersion, String reason) {}
