package dev.bookslake.pipelines.predict;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.pipelines.common.LakeOptions;
import dev.bookslake.pipelines.common.RunnerPipelines;
import dev.bookslake.pipelines.common.StagePublication;
import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.pipelines.common.xgboost.ScoringModel;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.gold.BookFeatureVector;
import dev.bookslake.schemas.gold.BookPrediction;
import dev.bookslake.schemas.gold.EnrichedBook;
import dev.bookslake.schemas.gold.PredictionError;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Batch prediction: scores every book of {@code gold.features} for a {@code dt} with the {@code
 * production} version of each model and publishes {@code gold.predictions} for that dt (one row per
 * book per model, replacing the dt atomically). The true rating and price come from {@code
 * gold.books} of the same dt when it is there, from the column the feature contract names as each
 * target's {@code source} (else {@code actual} is null). A book a model cannot score is left out,
 * counted, and named (the first few) in the summary.
 *
 * <p>A model without a production version is skipped with a message; no production model at all
 * fails the run, as does a production model trained on another feature contract than the one
 * gold.features was built with (its vectors would mean something else).
 *
 * <pre>
 * ./bookslake predict --lake lake/warehouse --run-date 2026-01-01 [--target rating|price|all]
 * </pre>
 */
public final class PredictPipeline {
  /** Metric namespace of the stage's counters. */
  public static final String METRICS = "bookslake.predict";

  /**
   * The tables of the stage, in commit order, with their row types: the errors first, so a reader
   * of a dt's predictions finds the books they left out beside them.
   */
  static final List<StagePublication.Output> TABLES =
      List.of(
          new StagePublication.Output(Tables.GOLD_PREDICTION_ERRORS, PredictionError.class),
          new StagePublication.Output(Tables.GOLD_PREDICTIONS, BookPrediction.class));

  private PredictPipeline() {}

  /** Options of batch prediction. */
  public interface Options extends LakeOptions {
    @Description("Which production models score: rating, price or all.")
    @Default.String("all")
    String getTarget();

    void setTarget(String value);
  }

  /** How many rejected books the summary names; the rest are only counted. */
  static final int REJECTED_SHOWN = 5;

  /**
   * What a predict run did.
   *
   * <pre>{@code
   * PredictPipeline.Summary summary = PredictPipeline.run(options);
   * summary.rows();         // gold.predictions rows written
   * summary.unscorable();   // books left out, each with its reason; the first few in summary.rejected()
   * }</pre>
   *
   * @param models the versions that scored, e.g. {@code rating v2}
   * @param skipped messages about targets without a production model
   * @param unscorable books (per model) that could not be scored and were left out
   * @param rejected the first {@value #REJECTED_SHOWN} of those, in UPC order, as {@code <model>
   *     v<version> <upc>: <reason>}
   */
  public record Summary(
      LocalDate dt,
      List<String> models,
      List<String> skipped,
      long rows,
      long unscorable,
      List<String> rejected,
      boolean actualsJoined,
      double seconds,
      Snapshot snapshot) {

    public Summary {
      rejected = List.copyOf(rejected);
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      skipped.forEach(s -> text.append(s).append(System.lineSeparator()));
      text.append(
          String.format(
              Locale.ROOT,
              "Predicted dt=%s in %.1f s with %s: %d rows into gold.predictions (%d books not scorable)%s",
              dt,
              seconds,
              String.join(", ", models),
              rows,
              unscorable,
              actualsJoined ? "" : "; gold.books has no snapshot for dt, so actual is null"));
      rejected.forEach(r -> text.append(String.format(Locale.ROOT, "%n  not scored: %s", r)));
      if (unscorable > rejected.size()) {
        text.append(
            String.format(
                Locale.ROOT,
                "%n  ... and %d more (see the run's log)",
                unscorable - rejected.size()));
      }
      text.append(
          String.format(
              Locale.ROOT, "%n  %-19s -> %s", Tables.GOLD_PREDICTIONS, snapshot.directory()));
      return text.toString();
    }
  }

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    System.out.println(run(options));
  }

  /**
   * Scores and publishes gold.predictions for the run date.
   *
   * @throws IllegalStateException when gold.features has no snapshot for dt, no target has a
   *     production model, a model's feature contract differs from the features', or the pipeline
   *     fails
   */
  public static Summary run(Options options) {
    LocalDate dt = StageRuns.runDate(options);
    Lake lake = Lake.open(options.getLake());
    FeatureContract contract = FeatureContract.load();
    List<String> targets = targets(options.getTarget(), contract);
    Snapshot features =
        lake.snapshot(Tables.GOLD_FEATURES, dt)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot predict for dt="
                            + dt
                            + ": "
                            + Tables.GOLD_FEATURES
                            + " has no snapshot for it (run ./bookslake features first)"));
    Optional<Snapshot> books = lake.snapshot(Tables.GOLD_BOOKS, dt);

    ModelRegistry registry = ModelRegistry.in(lake);
    List<ScoringModel> models = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String target : targets) {
      Optional<ModelVersion> production = registry.alias(target, ModelRegistry.PRODUCTION);
      if (production.isEmpty()) {
        skipped.add(
            "Skipping "
                + target
                + ": it has no production model (./bookslake train --target "
                + target
                + " --promote-if-better, or ./bookslake models promote)");
        continue;
      }
      ScoringModel model = ScoringModel.of(production.get());
      if (!contract.hash().equals(model.featureContractHash())) {
        throw new IllegalStateException(
            "Cannot predict with "
                + target
                + " v"
                + model.version()
                + ": it was trained on feature contract "
                + model.featureContractHash()
                + ", gold.features is built with "
                + contract.hash()
                + " (retrain it)");
      }
      models.add(model);
    }
    if (models.isEmpty()) {
      throw new IllegalStateException(
          "Cannot predict for dt="
              + dt
              + ": no production model for "
              + targets
              + " (train one with ./bookslake train --target rating --promote-if-better)");
    }

    String runId = StageRuns.runId(options, "predict");
    long started = System.nanoTime();
    StagePublication publication = StagePublication.begin(lake, dt, runId, TABLES);
    PipelineResult result =
        publication.run(
            () -> {
              Pipeline pipeline = RunnerPipelines.create(options);
              buildGraph(
                  pipeline,
                  contract,
                  features,
                  books.orElse(null),
                  models,
                  Instant.now().toString(),
                  publication.pending(Tables.GOLD_PREDICTIONS),
                  publication.pending(Tables.GOLD_PREDICTION_ERRORS),
                  publication.tempDirectory());
              return pipeline;
            });
    long rows = StageRuns.rowsWritten(result, Tables.GOLD_PREDICTIONS.toString());
    Map<TableId, Snapshot> snapshots = publication.commit(result);
    Snapshot committedErrors = snapshots.get(Tables.GOLD_PREDICTION_ERRORS);
    Snapshot committed = snapshots.get(Tables.GOLD_PREDICTIONS);
    List<String> rejected =
        LakeIO.readRows(committedErrors, PredictionError.class).stream()
            .map(
                e ->
                    e.getModel()
                        + " v"
                        + e.getModelVersion()
                        + " "
                        + e.getUpc()
                        + ": "
                        + e.getReason())
            .sorted()
            .limit(REJECTED_SHOWN)
            .toList();
    return new Summary(
        dt,
        models.stream().map(m -> m.name() + " v" + m.version()).toList(),
        skipped,
        rows,
        StageRuns.counter(result, METRICS, BookPredictions.UNSCORABLE),
        rejected,
        books.isPresent(),
        (System.nanoTime() - started) / 1e9,
        committed);
  }

  /**
   * Refuses options the command cannot run with before anything is read.
   *
   * @throws IllegalArgumentException for a target the feature contract does not have
   */
  public static void check(Options options) {
    targets(options.getTarget(), FeatureContract.load());
  }

  private static List<String> targets(String target, FeatureContract contract) {
    List<String> all = contract.targets().stream().map(t -> t.name()).toList();
    if (target == null || target.isBlank() || target.equals("all")) {
      return all;
    }
    if (!all.contains(target)) {
      throw new IllegalArgumentException(
          "Cannot predict unknown target: " + target + " (use one of " + all + " or all)");
    }
    return List.of(target);
  }

  static void buildGraph(
      Pipeline pipeline,
      FeatureContract contract,
      Snapshot featuresSnapshot,
      Snapshot booksSnapshot,
      List<ScoringModel> models,
      String predictedAt,
      PendingSnapshot pending,
      PendingSnapshot pendingErrors,
      String temp) {
    PCollection<BookFeatureVector> features =
        pipeline.apply(
            "ReadGoldFeatures", LakeIO.read(BookFeatureVector.class, featuresSnapshot.fileNames()));
    PCollection<EnrichedBook> books =
        booksSnapshot == null
            ? null
            : pipeline.apply(
                "ReadGoldBooks", LakeIO.read(EnrichedBook.class, booksSnapshot.fileNames()));
    List<PCollection<BookPrediction>> predictions = new ArrayList<>();
    List<PCollection<PredictionError>> rejected = new ArrayList<>();
    for (ScoringModel model : models) {
      String name = Character.toUpperCase(model.name().charAt(0)) + model.name().substring(1);
      PCollectionView<Map<String, Double>> actuals =
          books == null
              ? null
              : books.apply("Actual" + name, new ActualValues(contract.target(model.name())));
      PCollectionTuple scored =
          features.apply("Predict" + name, new BookPredictions(model, actuals, predictedAt));
      predictions.add(scored.get(BookPredictions.PREDICTIONS));
      rejected.add(scored.get(BookPredictions.REJECTED));
    }
    PCollectionList.of(rejected)
        .apply("CombineRejected", Flatten.pCollections())
        .apply(
            "WritePredictionErrors",
            LakeIO.write(PredictionError.class)
                .to(pendingErrors.directory().toString())
                .withTempDirectory(temp)
                .withNumShards(1)
                .withRowCounter(pendingErrors.table().toString()));
    PCollectionList.of(predictions)
        .apply("CombineModels", Flatten.pCollections())
        .apply(
            "WritePredictions",
            LakeIO.write(BookPrediction.class)
                .to(pending.directory().toString())
                .withTempDirectory(temp)
                .withRowCounter(pending.table().toString()));
  }
}
