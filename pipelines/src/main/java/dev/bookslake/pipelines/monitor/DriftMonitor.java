package dev.bookslake.pipelines.monitor;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.RunMetrics;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.Tables;
import dev.bookslake.ml.drift.Drift;
import dev.bookslake.ml.drift.FeatureStatistics;
import dev.bookslake.ml.inference.InferenceLogFormat;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.pipelines.common.LakeOptions;
import dev.bookslake.pipelines.common.RecordColumns;
import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.pipelines.common.UsageException;
import dev.bookslake.pipelines.common.xgboost.FeatureColumns;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.schemas.features.Feature;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.gold.BookFeatureVector;
import dev.bookslake.schemas.gold.FeatureDriftRow;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * {@code bookslake monitor}: for every model with a {@code production} version, compares the
 * current inputs of a {@code dt} with the version's training statistics, feature by feature of the
 * contract ({@link Drift#compare}: PSI, plus Kolmogorov–Smirnov for continuous features), and
 * publishes {@code gold.drift_report} for that dt.
 *
 * <p>Current inputs are what the API predicted on that day (its inference log, read as {@link
 * InferenceLogFormat} defines it) when the log holds at least {@code --min-rows} rows for the
 * model, else every book of gold.features for the dt. A logged row whose feature was missing (the
 * client left the column out; NaN in the vector) is skipped for that feature only, so each feature
 * is compared on the rows that gave it ({@link FeatureStatistics#values}). The command exits 3 when
 * any feature drifted (PSI at or above 0.2 and the feature's two-sample test below p = 0.001, see
 * {@link Drift}), so a scheduler can retrain; the report is written either way.
 *
 * <pre>
 * ./bookslake monitor --lake lake/warehouse --run-date 2026-01-01 [--min-rows 50]
 * </pre>
 */
public final class DriftMonitor {
  /** Source name of current rows read from the API's inference log. */
  public static final String INFERENCE_LOG = "inference_log";

  /** Source name of current rows read from gold.features. */
  public static final String GOLD_FEATURES = "gold_features";

  private DriftMonitor() {}

  /** Options of {@code bookslake monitor}. */
  public interface Options extends LakeOptions {
    @Description(
        "Fewest inference-log rows of a model for the dt to compare them; with fewer, gold.features "
            + "of the dt is compared instead.")
    @Default.Integer(50)
    int getMinRows();

    void setMinRows(int value);

    @Description(
        "Folder of the API's inference log (its ml.inference-log.dir); a relative path is under the lake root.")
    @Default.String(InferenceLogFormat.FOLDER)
    String getInferenceLog();

    void setInferenceLog(String value);
  }

  /**
   * The drift of one production model.
   *
   * @param model its name
   * @param version the production version whose training statistics are the reference
   * @param source {@value #INFERENCE_LOG} or {@value #GOLD_FEATURES}
   * @param rows current rows compared
   * @param features per contract feature the model sees
   */
  public record ModelDrift(
      String model, int version, String source, long rows, List<Drift.FeatureDrift> features) {
    public ModelDrift {
      features = List.copyOf(features);
    }

    public boolean significant() {
      return features.stream().anyMatch(Drift.FeatureDrift::drifted);
    }
  }

  /**
   * What a monitor run found.
   *
   * @param logLines inference-log lines that parsed
   * @param skippedLines inference-log lines skipped (unparseable or truncated)
   */
  public record Report(
      LocalDate dt, List<ModelDrift> models, long logLines, long skippedLines, Snapshot snapshot) {
    public Report {
      models = List.copyOf(models);
    }

    /** Whether any feature of any model drifted significantly (exit code 3). */
    public boolean significant() {
      return models.stream().anyMatch(ModelDrift::significant);
    }

    @Override
    public String toString() {
      StringBuilder text =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "Drift for dt=%s (PSI bands: none < %.1f <= moderate < %.1f <= significant; drifted = significant"
                      + " and p < %s)%n",
                  dt,
                  Drift.MODERATE_PSI,
                  Drift.SIGNIFICANT_PSI,
                  Drift.ALPHA));
      text.append(
          String.format(
              Locale.ROOT,
              "Inference log: %d lines read, %d skipped (unparseable or truncated)%n",
              logLines,
              skippedLines));
      List<String> drifted = new ArrayList<>();
      for (ModelDrift model : models) {
        text.append(
            String.format(
                Locale.ROOT,
                "%n%s v%d against %d rows from %s%n",
                model.model(),
                model.version(),
                model.rows(),
                model.source()));
        text.append(
            String.format(
                Locale.ROOT,
                "  %-24s %-10s %8s %-11s %8s %9s %-7s %10s %10s%n",
                "feature",
                "kind",
                "psi",
                "band",
                "ks",
                "p",
                "drifted",
                "train_mean",
                "cur_mean"));
        for (Drift.FeatureDrift f : model.features()) {
          text.append(
              String.format(
                  Locale.ROOT,
                  "  %-24s %-10s %8.4f %-11s %8s %9s %-7s %10.4f %10.4f%n",
                  f.feature(),
                  lower(f.kind()),
                  f.psi(),
                  lower(f.band()),
                  number(f.ksStatistic()),
                  pValue(f.pValue()),
                  f.drifted() ? "yes" : "no",
                  f.referenceMean(),
                  f.currentMean()));
          if (f.drifted()) {
            drifted.add(model.model() + "." + f.feature());
          }
        }
      }
      text.append(
          String.format(
              Locale.ROOT,
              "%nWrote %d rows to %s -> %s%n",
              snapshot.rows(),
              Tables.GOLD_DRIFT_REPORT,
              snapshot.directory()));
      text.append(
          drifted.isEmpty()
              ? "No significant drift."
              : "SIGNIFICANT drift on " + String.join(", ", drifted) + " (exit code 3).");
      return text.toString();
    }

    private static String pValue(double value) {
      return Double.isNaN(value)
          ? "-"
          : String.format(Locale.ROOT, value < 1e-4 ? "%.1e" : "%.4f", value);
    }

    private static String number(double value) {
      return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
  }

  /** Refuses option values the monitor cannot run with (exit 2 from the command line). */
  public static void check(Options options) {
    if (options.getMinRows() < 1) {
      throw new UsageException("Cannot monitor with --min-rows below 1: " + options.getMinRows());
    }
  }

  public static Report run(Options options) {
    check(options);
    Lake lake = Lake.open(options.getLake());
    return monitor(
        lake,
        lake.root().resolve(options.getInferenceLog()),
        StageRuns.runDate(options),
        options.getMinRows(),
        StageRuns.runId(options, "monitor"));
  }

  /** {@link #monitor(Lake, Path, LocalDate, int, String)} with the log in its default folder. */
  public static Report monitor(Lake lake, LocalDate dt, int minRows, String runId) {
    return monitor(lake, InferenceLogFormat.root(lake.root()), dt, minRows, runId);
  }

  /**
   * Compares, writes gold.drift_report for dt, and reports.
   *
   * @throws IllegalStateException when no model has a production version, a production model was
   *     trained on another feature contract, or a model has no current rows to compare
   */
  public static Report monitor(
      Lake lake, Path inferenceLog, LocalDate dt, int minRows, String runId) {
    Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    FeatureContract contract = FeatureContract.load();
    ModelRegistry registry = ModelRegistry.in(lake);
    List<ModelVersion> production = new ArrayList<>();
    for (String name : registry.names()) {
      registry.alias(name, ModelRegistry.PRODUCTION).ifPresent(production::add);
    }
    if (production.isEmpty()) {
      throw new IllegalStateException(
          "Cannot monitor drift: no model in "
              + registry.root()
              + " has a production version (./bookslake train --target rating --promote-if-better)");
    }
    LoggedInputs log = LoggedInputs.read(inferenceLog, dt);
    CurrentFeatures features = new CurrentFeatures(lake, dt);
    String createdAt = Instant.now().toString();
    List<ModelDrift> models = new ArrayList<>();
    List<FeatureDriftRow> rows = new ArrayList<>();
    for (ModelVersion version : production) {
      ModelDrift drift = compare(contract, registry, version, log, features, minRows);
      models.add(drift);
      drift.features().forEach(f -> rows.add(row(drift, f, createdAt, dt)));
    }
    Snapshot snapshot =
        LakeIO.commitRows(
            lake.begin(Tables.GOLD_DRIFT_REPORT, dt, runId),
            FeatureDriftRow.class,
            rows,
            RunMetrics.startedAt(startedAt));
    return new Report(dt, models, log.entries().size(), log.summary().skipped(), snapshot);
  }

  private static ModelDrift compare(
      FeatureContract contract,
      ModelRegistry registry,
      ModelVersion version,
      LoggedInputs log,
      CurrentFeatures features,
      int minRows) {
    ModelMetadata meta = version.metadata();
    if (!contract.hash().equals(meta.featureContractHash())) {
      throw new IllegalStateException(
          "Cannot monitor "
              + version.name()
              + " v"
              + version.version()
              + ": it was trained on feature contract "
              + meta.featureContractHash()
              + ", this build's is "
              + contract.hash());
    }
    // Any version with the same columns saw the same kind of vector: a promotion during the day
    // does not throw away the morning's log.
    Map<Integer, Boolean> sameColumns = new HashMap<>();
    List<float[]> logged = new ArrayList<>();
    for (LoggedInputs.Entry entry : log.entries()) {
      if (entry.model().equals(version.name())
          && entry.features().length == meta.featureNames().size()
          && sameColumns.computeIfAbsent(
              entry.version(),
              v ->
                  registry
                      .version(version.name(), v)
                      .map(other -> other.metadata().featureNames().equals(meta.featureNames()))
                      .orElse(false))) {
        logged.add(entry.features());
      }
    }
    String source = logged.size() >= minRows ? INFERENCE_LOG : GOLD_FEATURES;
    List<float[]> current =
        source.equals(INFERENCE_LOG) ? logged : features.vectors(meta.featureNames());
    if (current.isEmpty()) {
      throw new IllegalStateException(
          "Cannot monitor "
              + version.name()
              + " v"
              + version.version()
              + " for dt="
              + features.dt
              + ": no inference-log rows and no gold.features rows to compare");
    }
    Map<String, FeatureStatistics> reference = new HashMap<>();
    meta.featureStatistics().forEach(s -> reference.put(s.feature(), s));
    List<Drift.FeatureDrift> drifts = new ArrayList<>();
    int offset = 0;
    for (Feature feature : contract.features(meta.target())) {
      FeatureStatistics stats = reference.get(feature.name());
      if (stats == null) {
        throw new IllegalStateException(
            "Cannot monitor "
                + version.name()
                + " v"
                + version.version()
                + ": its metadata has no training statistics for feature "
                + feature.name());
      }
      drifts.add(Drift.compare(stats, FeatureStatistics.values(feature, offset, current)));
      offset += feature.width();
    }
    return new ModelDrift(version.name(), version.version(), source, current.size(), drifts);
  }

  private static FeatureDriftRow row(
      ModelDrift model, Drift.FeatureDrift f, String createdAt, LocalDate dt) {
    return FeatureDriftRow.newBuilder()
        .setModel(model.model())
        .setModelVersion(model.version())
        .setSource(model.source())
        .setFeature(f.feature())
        .setKind(lower(f.kind()))
        .setPsi(f.psi())
        .setBand(lower(f.band()))
        .setKsStatistic(Double.isNaN(f.ksStatistic()) ? null : f.ksStatistic())
        .setKsPValue(Double.isNaN(f.ksPValue()) ? null : f.ksPValue())
        .setReferenceRows(f.referenceRows())
        .setCurrentRows(f.currentRows())
        .setReferenceMean(f.referenceMean())
        .setCurrentMean(
            f.currentRows() == 0 || Double.isNaN(f.currentMean()) ? null : f.currentMean())
        .setPValue(f.pValue())
        .setDrifted(f.drifted())
        .setCreatedAt(createdAt)
        .setDt(dt.toString())
        .build();
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The inference log of the dt, as much of each line as drift needs: holding the inputs of every
   * line as well would cost memory for nothing.
   */
  private record LoggedInputs(List<Entry> entries, InferenceLogFormat.ReadSummary summary) {
    record Entry(String model, int version, float[] features) {}

    static LoggedInputs read(Path logRoot, LocalDate dt) {
      List<Entry> entries = new ArrayList<>();
      InferenceLogFormat.ReadSummary summary =
          InferenceLogFormat.read(
              logRoot, dt, r -> entries.add(new Entry(r.model(), r.version(), r.features())));
      return new LoggedInputs(entries, summary);
    }
  }

  /** gold.features of the dt, read once and only if some model needs it. */
  private static final class CurrentFeatures {
    private final Lake lake;
    private final LocalDate dt;
    private List<BookFeatureVector> rows;

    CurrentFeatures(Lake lake, LocalDate dt) {
      this.lake = lake;
      this.dt = dt;
    }

    List<float[]> vectors(List<String> columns) {
      if (rows == null) {
        // The newest gold on or before dt: a monitor run for today compares with the last build.
        Optional<Snapshot> snapshot = lake.asOf(Tables.GOLD_FEATURES, dt);
        rows = snapshot.map(s -> LakeIO.readRows(s, BookFeatureVector.class)).orElse(List.of());
      }
      int[] positions = RecordColumns.positions(BookFeatureVector.getClassSchema(), columns);
      return rows.stream().map(r -> FeatureColumns.vector(r, positions)).toList();
    }
  }
}
