package dev.bookslake.ml.drift;

import java.util.Arrays;
import java.util.List;

/**
 * Compares current values of a feature with the {@link FeatureStatistics} of a model's training
 * data: the population stability index (PSI) over the training bins for every feature, and for
 * continuous features the two-sample Kolmogorov–Smirnov statistic against the training percentiles.
 *
 * <pre>{@code
 * FeatureDrift d = Drift.compare(stats, currentValues);
 * if (d.drifted()) { ... }   // PSI significant and the shift is not sampling noise
 * }</pre>
 *
 * <p>A feature has <em>drifted</em> when its PSI is in the significant band <em>and</em> a
 * two-sample test says the shift is unlikely to be sampling noise (p below {@value #ALPHA}): the
 * Kolmogorov–Smirnov test for continuous features, Pearson's chi-square test of homogeneity on the
 * bin counts for discrete ones. PSI alone is an effect size; on 50 to 200 rows of a 51-category
 * feature it is in the significant band most days with nothing changed.
 *
 * <p>PSI bands follow the usual reading: below 0.1 no change, 0.1 to 0.2 moderate, 0.2 or more
 * significant. Both distributions are smoothed by half a row per bin (Jeffreys) before the index is
 * taken: a category seen once today and never in a small training set is sampling noise, and
 * without smoothing the 51 one-hot categories alone flag a 100-book catalogue as drifted against
 * its own training split. A value never seen in training still scores high once it is common. The
 * KS statistic is exact for the current sample and within one percentile (0.01) for the training
 * side, which only the percentiles are kept of.
 */
public final class Drift {
  /** PSI at or above this is a moderate shift. */
  public static final double MODERATE_PSI = 0.1;

  /** PSI at or above this is a significant shift. */
  public static final double SIGNIFICANT_PSI = 0.2;

  /** The p-value below which a shift in the significant PSI band counts as drift. */
  public static final double ALPHA = 0.001;

  static final double MIN_FRACTION = 1e-4;

  /** Bins with fewer expected rows than this are pooled before the chi-square test. */
  private static final double MIN_EXPECTED = 5;

  private static final double SMOOTHING = 0.5;

  /** How far a feature has moved, read from its PSI. */
  public enum Band {
    NONE,
    MODERATE,
    SIGNIFICANT;

    public static Band of(double psi) {
      return psi >= SIGNIFICANT_PSI ? SIGNIFICANT : psi >= MODERATE_PSI ? MODERATE : NONE;
    }
  }

  /**
   * The drift of one feature.
   *
   * @param feature the contract feature's name
   * @param kind continuous or discrete
   * @param psi population stability index of current against training
   * @param band the PSI's band
   * @param ksStatistic largest gap between the two CDFs (NaN for discrete features)
   * @param ksPValue asymptotic p-value of that gap (NaN for discrete features)
   * @param pValue p-value of the feature's two-sample test: KS for continuous, chi-square for
   *     discrete
   * @param drifted whether the band is significant and the p-value below {@link #ALPHA}
   * @param referenceRows training rows
   * @param currentRows current rows
   * @param currentMean mean of the current values, in the training statistics' space
   * @param referenceMean mean of the training values
   */
  public record FeatureDrift(
      String feature,
      FeatureStatistics.Kind kind,
      double psi,
      Band band,
      double ksStatistic,
      double ksPValue,
      double pValue,
      boolean drifted,
      long referenceRows,
      long currentRows,
      double currentMean,
      double referenceMean) {}

  private Drift() {}

  /**
   * Compares current values (as {@link FeatureStatistics#values} yields them) with training. With
   * no current value (every current row missed the feature) there is nothing to compare: PSI 0, p
   * 1, not drifted, and {@code currentRows} 0 says why.
   */
  public static FeatureDrift compare(FeatureStatistics reference, double[] current) {
    if (current.length == 0) {
      return new FeatureDrift(
          reference.feature(),
          reference.kind(),
          0,
          Band.NONE,
          Double.NaN,
          Double.NaN,
          1,
          false,
          reference.count(),
          0,
          Double.NaN,
          reference.mean());
    }
    double[] expected =
        reference.binFractions().stream().mapToDouble(Double::doubleValue).toArray();
    long[] counts;
    if (reference.kind() == FeatureStatistics.Kind.DISCRETE) {
      counts = new long[expected.length];
      for (double v : current) {
        counts[(int) Math.max(0, Math.min(expected.length - 1, Math.round(v)))]++;
      }
    } else {
      counts = binCounts(reference.edgeArray(), current);
    }
    double psi = psi(smoothed(expected, reference.count()), smoothed(counts));
    double ks = Double.NaN;
    double p = Double.NaN;
    if (reference.kind() == FeatureStatistics.Kind.CONTINUOUS) {
      ks = ksStatistic(reference.percentiles(), current);
      p = ksPValue(ks, reference.count(), current.length);
    }
    double pValue =
        reference.kind() == FeatureStatistics.Kind.CONTINUOUS
            ? p
            : chiSquarePValue(expected, reference.count(), counts);
    Band band = Band.of(psi);
    boolean drifted = band == Band.SIGNIFICANT && pValue < ALPHA;
    double mean = Arrays.stream(current).average().orElse(Double.NaN);
    return new FeatureDrift(
        reference.feature(),
        reference.kind(),
        psi,
        band,
        ks,
        p,
        pValue,
        drifted,
        reference.count(),
        current.length,
        mean,
        reference.mean());
  }

  /** PSI = sum over bins of (actual - expected) * ln(actual / expected). */
  public static double psi(double[] expected, double[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException(
          "Cannot compare distributions: " + expected.length + " bins against " + actual.length);
    }
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], MIN_FRACTION);
      double a = Math.max(actual[i], MIN_FRACTION);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /**
   * The largest gap between the current sample's CDF and the training CDF, read as a step function
   * from its 101 percentiles.
   */
  static double ksStatistic(List<Double> percentiles, double[] current) {
    if (current.length == 0 || percentiles.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = current.clone();
    Arrays.sort(sorted);
    double[] ref = percentiles.stream().mapToDouble(Double::doubleValue).toArray();
    double d = 0;
    // The gap is largest at a jump of either CDF, so both sides' points are checked.
    for (double x : concat(sorted, ref)) {
      double cur = upperRank(sorted, x) / (double) sorted.length;
      double trained = Math.max(0, Math.min(1, (upperRank(ref, x) - 1) / 100.0));
      double below = lowerRank(sorted, x) / (double) sorted.length;
      double trainedBelow = Math.max(0, Math.min(1, (lowerRank(ref, x) - 1) / 100.0));
      d = Math.max(d, Math.max(Math.abs(cur - trained), Math.abs(below - trainedBelow)));
    }
    return d;
  }

  /** Asymptotic Kolmogorov distribution with Stephens' small-sample correction. */
  static double ksPValue(double d, long n, long m) {
    if (Double.isNaN(d) || n == 0 || m == 0) {
      return Double.NaN;
    }
    double ne = (double) n * m / (n + m);
    double sqrt = Math.sqrt(ne);
    double lambda = (sqrt + 0.12 + 0.11 / sqrt) * d;
    if (lambda < 1e-3) {
      return 1;
    }
    double sum = 0;
    for (int j = 1; j <= 100; j++) {
      double term = Math.exp(-2 * j * j * lambda * lambda);
      sum += (j % 2 == 1 ? 1 : -1) * term;
      if (term < 1e-12) {
        break;
      }
    }
    return Math.max(0, Math.min(1, 2 * sum));
  }

  /**
   * Pearson's chi-square test that the reference (known by its shares and row count) and the
   * current counts come from one distribution: a 2 x bins contingency table, with bins whose
   * expected count is below {@value #MIN_EXPECTED} in either sample pooled into one.
   */
  static double chiSquarePValue(double[] referenceFractions, long referenceRows, long[] current) {
    long currentRows = Arrays.stream(current).sum();
    if (referenceRows == 0 || currentRows == 0) {
      return 1;
    }
    double total = referenceRows + currentRows;
    List<double[]> columns = new java.util.ArrayList<>();
    double[] pooled = new double[2];
    for (int i = 0; i < current.length; i++) {
      double r = referenceFractions[i] * referenceRows;
      double c = current[i];
      double smallerShare = Math.min(referenceRows, currentRows) / total;
      if ((r + c) * smallerShare < MIN_EXPECTED) {
        pooled[0] += r;
        pooled[1] += c;
      } else {
        columns.add(new double[] {r, c});
      }
    }
    if (pooled[0] + pooled[1] > 0) {
      columns.add(pooled);
    }
    if (columns.size() < 2) {
      return 1;
    }
    double statistic = 0;
    for (double[] column : columns) {
      double sum = column[0] + column[1];
      double expectedReference = sum * referenceRows / total;
      double expectedCurrent = sum * currentRows / total;
      statistic +=
          square(column[0] - expectedReference) / expectedReference
              + square(column[1] - expectedCurrent) / expectedCurrent;
    }
    return upperRegularizedGamma((columns.size() - 1) / 2.0, statistic / 2);
  }

  private static double square(double x) {
    return x * x;
  }

  /** Q(a, x) = Γ(a, x) / Γ(a): the chi-square survival function is Q(df / 2, statistic / 2). */
  static double upperRegularizedGamma(double a, double x) {
    if (x <= 0) {
      return 1;
    }
    if (x < a + 1) {
      // series for P(a, x)
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) {
        term *= x / (a + n);
        sum += term;
      }
      return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a)));
    }
    // Lentz's continued fraction for Q(a, x)
    double b = x + 1 - a;
    double c = 1 / 1e-300;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 1000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < 1e-300 ? 1e-300 : d;
      c = b + an / c;
      c = Math.abs(c) < 1e-300 ? 1e-300 : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-15) {
        break;
      }
    }
    return Math.min(1, Math.exp(-x + a * Math.log(x) - logGamma(a)) * h);
  }

  /** Lanczos approximation of ln Γ(x), x > 0. */
  static double logGamma(double x) {
    double[] g = {
      76.18009172947146,
      -86.50532032941677,
      24.01409824083091,
      -1.231739572450155,
      0.1208650973866179e-2,
      -0.5395239384953e-5
    };
    double y = x;
    double tmp = x + 5.5;
    tmp -= (x + 0.5) * Math.log(tmp);
    double series = 1.000000000190015;
    for (double coefficient : g) {
      series += coefficient / ++y;
    }
    return -tmp + Math.log(2.5066282746310005 * series / x);
  }

  /** Shares of a distribution known by its shares and row count, with half a row added per bin. */
  static double[] smoothed(double[] fractions, long rows) {
    double[] out = new double[fractions.length];
    double total = rows + SMOOTHING * fractions.length;
    for (int i = 0; i < fractions.length; i++) {
      out[i] = (fractions[i] * rows + SMOOTHING) / total;
    }
    return out;
  }

  static double[] smoothed(long[] counts) {
    long rows = 0;
    for (long c : counts) {
      rows += c;
    }
    return smoothed(fractions(counts, rows), rows);
  }

  /** Counts per bin; bin i holds values in (edge[i-1], edge[i]]. */
  static long[] binCounts(double[] edges, double[] values) {
    long[] counts = new long[edges.length + 1];
    for (double v : values) {
      int at = Arrays.binarySearch(edges, v);
      counts[at >= 0 ? at : -at - 1]++;
    }
    return counts;
  }

  static double[] fractions(long[] counts, long total) {
    double[] out = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = total == 0 ? 0 : (double) counts[i] / total;
    }
    return out;
  }

  private static int upperRank(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int lowerRank(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
