package dev.bookslake.pipelines.ml.train;

/**
 * What {@code --promote-if-better} decided.
 *
 * @param promoted whether the new version now holds the production alias
 * @param previousVersion the production version before, or null when there was none
 * @param reason why, with the metric values compared
 */
public record Promotion(boolean promoted, Integer previousVersion, String reason) {}
