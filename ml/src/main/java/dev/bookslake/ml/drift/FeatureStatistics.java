package dev.bookslake.ml.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bookslake.schemas.features.Encoding;
import dev.bookslake.schemas.features.Feature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a model's training data looked like for one feature of the contract, kept in the model's
 * metadata so that {@link Drift} can later compare live inputs against it without the training
 * data.
 *
 * <p>Numeric features are {@link Kind#CONTINUOUS}: ten quantile bins (their interior edges and the
 * share of training rows in each) for PSI, and the 101 percentiles for an approximate
 * Kolmogorov–Smirnov test. Booleans and one-hot categories are {@link Kind#DISCRETE}: the share of
 * rows per value. Values are in the vector's encoded space (a {@code log1p} feature is described
 * after the log), which is what the model sees.
 *
 * <pre>{@code
 * FeatureContract contract = FeatureContract.load();
 * List<FeatureStatistics> stats = FeatureStatistics.of(contract.features("rating"), trainingRows);
 * }</pre>
 *
 * @param feature the contract feature's name
 * @param kind how the values are summarised
 * @param count training rows summarised
 * @param mean mean of the encoded value (for a discrete feature: of the value index)
 * @param std population standard deviation of the same
 * @param min smallest encoded value
 * @param max largest encoded value
 * @param binEdges continuous only: ascending interior edges; bin i holds values in (edge[i-1],
 *     edge[i]]
 * @param binFractions share of training rows per bin (continuous: edges + 1 bins; discrete: per
 *     label)
 * @param percentiles continuous only: the 0th..100th percentiles
 * @param labels discrete only: the value names, in bin order
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FeatureStatistics(
    String feature,
    Kind kind,
    long count,
    double mean,
    double std,
    double min,
    double max,
    List<Double> binEdges,
    List<Double> binFractions,
    List<Double> percentiles,
    List<String> labels) {

  /** How a feature's values are summarised. */
  public enum Kind {
    CONTINUOUS,
    DISCRETE
  }

  static final int QUANTILE_BINS = 10;

  public FeatureStatistics {
    binEdges = binEdges == null ? List.of() : List.copyOf(binEdges);
    binFractions = binFractions == null ? List.of() : List.copyOf(binFractions);
    percentiles = percentiles == null ? List.of() : List.copyOf(percentiles);
    labels = labels == null ? List.of() : List.copyOf(labels);
  }

  /**
   * Summarises each feature over the given vectors.
   *
   * @param features the contract features in vector order (e.g. {@code
   *     contract.features("rating")})
   * @param rows feature vectors laid out in that order
   */
  public static List<FeatureStatistics> of(List<Feature> features, List<float[]> rows) {
    List<FeatureStatistics> out = new ArrayList<>(features.size());
    int offset = 0;
    for (Feature feature : features) {
      double[] values = values(feature, offset, rows);
      out.add(isDiscrete(feature) ? discrete(feature, values) : continuous(feature.name(), values));
      offset += feature.width();
    }
    return List.copyOf(out);
  }

  /**
   * The values of one feature across vectors, as this summary counts them: the encoded float for a
   * numeric or boolean feature, the index of the hot slot for a one-hot feature. A vector where the
   * feature is missing (NaN: a client left the column out) has no value and is skipped, so the
   * result may be shorter than {@code rows}; counting it as 0 would invent a shift.
   */
  public static double[] values(Feature feature, int offset, List<float[]> rows) {
    double[] values = new double[rows.size()];
    int n = 0;
    for (float[] row : rows) {
      if (Float.isNaN(row[offset])) {
        continue;
      }
      values[n++] = value(feature, offset, row);
    }
    return n == values.length ? values : Arrays.copyOf(values, n);
  }

  private static double value(Feature feature, int offset, float[] row) {
    if (feature.encoding() != Encoding.ONE_HOT) {
      return row[offset];
    }
    for (int i = 0; i < feature.width(); i++) {
      if (row[offset + i] > 0.5f) {
        return i;
      }
    }
    return 0;
  }

  static boolean isDiscrete(Feature feature) {
    return feature.encoding() == Encoding.ONE_HOT || feature.encoding() == Encoding.BOOL01;
  }

  /** Summarises raw values as a continuous feature (quantile bins and percentiles). */
  public static FeatureStatistics continuous(String name, double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] percentiles = new double[101];
    for (int p = 0; p <= 100; p++) {
      percentiles[p] = quantile(sorted, p / 100.0);
    }
    double[] candidates = new double[QUANTILE_BINS - 1];
    for (int i = 1; i < QUANTILE_BINS; i++) {
      candidates[i - 1] = quantile(sorted, (double) i / QUANTILE_BINS);
    }
    double[] edges = Arrays.stream(candidates).distinct().toArray();
    return new FeatureStatistics(
        name,
        Kind.CONTINUOUS,
        values.length,
        mean(values),
        std(values),
        sorted.length == 0 ? 0 : sorted[0],
        sorted.length == 0 ? 0 : sorted[sorted.length - 1],
        boxed(edges),
        boxed(Drift.fractions(Drift.binCounts(edges, values), values.length)),
        boxed(percentiles),
        List.of());
  }

  static FeatureStatistics discrete(Feature feature, double[] values) {
    List<String> labels =
        feature.encoding() == Encoding.ONE_HOT ? feature.vocabulary() : List.of("false", "true");
    long[] counts = new long[labels.size()];
    for (double v : values) {
      counts[(int) Math.max(0, Math.min(labels.size() - 1, Math.round(v)))]++;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new FeatureStatistics(
        feature.name(),
        Kind.DISCRETE,
        values.length,
        mean(values),
        std(values),
        sorted.length == 0 ? 0 : sorted[0],
        sorted.length == 0 ? 0 : sorted[sorted.length - 1],
        List.of(),
        boxed(Drift.fractions(counts, values.length)),
        List.of(),
        labels);
  }

  /** Linear interpolation between closest ranks, as numpy's default. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? 0 : sum / values.length;
  }

  private static double std(double[] values) {
    double m = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - m) * (v - m);
    }
    return values.length == 0 ? 0 : Math.sqrt(sum / values.length);
  }

  /** The bin edges as an array, for binning. */
  double[] edgeArray() {
    return binEdges.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
