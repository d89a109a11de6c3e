package dev.bookslake.pipelines.predict;

import dev.bookslake.pipelines.common.RecordColumns;
import dev.bookslake.pipelines.common.xgboost.Boosters;
import dev.bookslake.pipelines.common.xgboost.FeatureColumns;
import dev.bookslake.pipelines.common.xgboost.ModelOutput;
import dev.bookslake.pipelines.common.xgboost.ScoringModel;
import dev.bookslake.schemas.gold.BookFeatureVector;
import dev.bookslake.schemas.gold.BookPrediction;
import dev.bookslake.schemas.gold.PredictionError;
import java.nio.file.Path;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gold.predictions} rows of one model: every book of gold.features scored by the model's
 * booster (loaded once per worker from the registry file), with the true value from gold.books
 * beside it when known. A book whose vector cannot be scored (another feature contract, a
 * non-finite value, a booster error) never fails the run: it is counted in {@value #UNSCORABLE} and
 * goes to {@link #REJECTED} as a {@code gold.prediction_errors} row with the reason.
 *
 * <pre>{@code
 * PCollectionTuple rating = features.apply("PredictRating",
 *     new BookPredictions(ScoringModel.of(production), actualRatings, "2026-01-01T06:00:00Z"));
 * rating.get(BookPredictions.PREDICTIONS);   // gold.predictions rows
 * rating.get(BookPredictions.REJECTED);      // gold.prediction_errors rows: upc, model, version, reason
 * }</pre>
 */
public final class BookPredictions
    extends PTransform<PCollection<BookFeatureVector>, PCollectionTuple> {
  /** Counter (in {@link PredictPipeline#METRICS}) of books a model could not score. */
  public static final String UNSCORABLE = "unscorable_books";

  /** The scored books. */
  public static final TupleTag<BookPrediction> PREDICTIONS = new TupleTag<>() {};

  /** The dead letters: one row per book the model could not score, with the reason. */
  public static final TupleTag<PredictionError> REJECTED = new TupleTag<>() {};

  private final ScoringModel model;
  private final PCollectionView<Map<String, Double>> actuals;
  private final String predictedAt;

  /**
   * @param actuals the true value per UPC, or null when gold.books is not there to join
   */
  public BookPredictions(
      ScoringModel model, PCollectionView<Map<String, Double>> actuals, String predictedAt) {
    this.model = model;
    this.actuals = actuals;
    this.predictedAt = predictedAt;
  }

  @Override
  public PCollectionTuple expand(PCollection<BookFeatureVector> features) {
    ParDo.MultiOutput<BookFeatureVector, BookPrediction> score =
        ParDo.of(new PredictFn(model, actuals, predictedAt))
            .withOutputTags(PREDICTIONS, TupleTagList.of(REJECTED));
    PCollectionTuple out =
        features.apply(
            "Score" + capitalised(model.name()),
            actuals == null ? score : score.withSideInputs(actuals));
    out.get(PREDICTIONS).setCoder(AvroCoder.specific(BookPrediction.class));
    out.get(REJECTED).setCoder(AvroCoder.specific(PredictionError.class));
    return out;
  }

  private static String capitalised(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  static final class PredictFn extends DoFn<BookFeatureVector, BookPrediction> {
    private static final Logger LOG = LoggerFactory.getLogger(PredictFn.class);
    private final ScoringModel model;
    private final PCollectionView<Map<String, Double>> actuals;
    private final String predictedAt;
    private final Counter unscorable = Metrics.counter(PredictPipeline.METRICS, UNSCORABLE);
    private final Counter scored = Metrics.counter(PredictPipeline.METRICS, "scored_books");
    private transient Booster booster;
    private transient int[] columns;
    private transient Map<String, Double> bundleActuals;

    PredictFn(
        ScoringModel model, PCollectionView<Map<String, Double>> actuals, String predictedAt) {
      this.model = model;
      this.actuals = actuals;
      this.predictedAt = predictedAt;
    }

    @Setup
    public void setup() {
      booster = Boosters.load(Path.of(model.modelFile()));
      columns = RecordColumns.positions(BookFeatureVector.getClassSchema(), model.featureNames());
    }

    @StartBundle
    public void startBundle() {
      bundleActuals = null;
    }

    @ProcessElement
    public void processElement(ProcessContext context) {
      BookFeatureVector book = context.element();
      ModelOutput output;
      try {
        if (!model.featureContractHash().equals(book.getFeatureContractHash())) {
          throw new IllegalArgumentException(
              "Cannot score vector of another feature contract: " + book.getFeatureContractHash());
        }
        float[] vector = FeatureColumns.vector(book, columns);
        for (float v : vector) {
          if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(
                "Cannot score vector holding a non-finite value: " + v);
          }
        }
        output = ModelOutput.decode(Boosters.predictOne(booster, vector), model.classes());
      } catch (XGBoostError | IllegalArgumentException e) {
        unscorable.inc();
        LOG.warn(
            "Leaving book {} out of {} predictions: {}",
            book.getUpc(),
            model.name(),
            e.getMessage());
        context.output(
            REJECTED,
            PredictionError.newBuilder()
                .setUpc(book.getUpc())
                .setModel(model.name())
                .setModelVersion(model.version())
                .setReason(e.getMessage())
                .setDt(book.getDt())
                .build());
        return;
      }
      scored.inc();
      context.output(
          BookPrediction.newBuilder()
              .setUpc(book.getUpc())
              .setSiteId(book.getSiteId())
              .setModel(model.name())
              .setModelVersion(model.version())
              .setPrediction(output.value())
              .setProbability(output.probability())
              .setActual(actuals == null ? null : actuals(context).get(book.getUpc()))
              .setFeatureContractHash(book.getFeatureContractHash())
              .setPredictedAt(predictedAt)
              .setDt(book.getDt())
              .build());
    }

    // The DirectRunner rebuilds a map side input from its elements on every sideInput() call: per
    // book that was quadratic (a 100k-book predict ran for over 15 minutes). Everything here is in
    // the global window, so one lookup per bundle serves every book of it.
    private Map<String, Double> actuals(ProcessContext context) {
      if (bundleActuals == null) {
        bundleActuals = context.sideInput(actuals);
      }
      return bundleActuals;
    }

    @Teardown
    public void teardown() {
      if (booster != null) {
        booster.dispose();
      }
    }
  }
}
