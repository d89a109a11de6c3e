package dev.bookslake.pipelines.features;

import dev.bookslake.pipelines.common.RecordColumns;
import dev.bookslake.pipelines.features.internal.BookColumns;
import dev.bookslake.pipelines.features.internal.TrainingSplit;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.features.FeatureVectorizer;
import dev.bookslake.schemas.features.Target;
import dev.bookslake.schemas.gold.EnrichedBook;
import dev.bookslake.schemas.gold.TrainingExample;
import java.util.Map;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gold.training_data}: every book's full feature vector, its true targets ({@code
 * target_rating}, {@code target_price}) and its split. The split is a pure function of the UPC
 * ({@link TrainingSplit}), about 80% {@code train} and 20% {@code test}, so training is
 * reproducible and a book never changes sides between runs. Books whose features or targets break
 * the contract are counted in {@code untrainable_books} and left out.
 *
 * <pre>{@code
 * PCollection<TrainingExample> training =
 *     books.apply("BuildTrainingData", new TrainingData(FeatureContract.load()));
 * }</pre>
 */
public final class TrainingData
    extends PTransform<PCollection<EnrichedBook>, PCollection<TrainingExample>> {
  /** Counter of books left out of the training data. */
  public static final String UNTRAINABLE = "untrainable_books";

  /** Counter of rows in the train split. */
  public static final String TRAIN_ROWS = "training_rows_train";

  /** Counter of rows in the test split. */
  public static final String TEST_ROWS = "training_rows_test";

  private final FeatureContract contract;

  public TrainingData(FeatureContract contract) {
    this.contract = contract;
  }

  @Override
  public PCollection<TrainingExample> expand(PCollection<EnrichedBook> books) {
    return books
        .apply("VectoriseAndLabel", ParDo.of(new ToExampleFn(contract)))
        .setCoder(AvroCoder.specific(TrainingExample.class));
  }

  static final class ToExampleFn extends DoFn<EnrichedBook, TrainingExample> {
    private static final Logger LOG = LoggerFactory.getLogger(ToExampleFn.class);
    private final FeatureVectorizer vectorizer;
    private final Target rating;
    private final Target price;
    private final String contractHash;
    private final Counter untrainable = Metrics.counter(FeaturesPipeline.METRICS, UNTRAINABLE);
    private final Counter train = Metrics.counter(FeaturesPipeline.METRICS, TRAIN_ROWS);
    private final Counter test = Metrics.counter(FeaturesPipeline.METRICS, TEST_ROWS);
    private transient int[] columns;

    ToExampleFn(FeatureContract contract) {
      this.vectorizer = contract.vectorizer();
      this.rating = contract.target("rating");
      this.price = contract.target("price");
      this.contractHash = contract.hash();
    }

    @Setup
    public void setup() {
      columns =
          RecordColumns.positions(TrainingExample.getClassSchema(), vectorizer.featureNames());
    }

    @ProcessElement
    public void processElement(@Element EnrichedBook book, OutputReceiver<TrainingExample> out) {
      Map<String, Object> values = BookColumns.of(book);
      float[] vector;
      try {
        vector = vectorizer.vectorise(values);
        // Labelling checks the true values against the contract; the table keeps them raw.
        rating.label(values.get(rating.source()));
        price.label(values.get(price.source()));
      } catch (IllegalArgumentException e) {
        untrainable.inc();
        LOG.warn("Leaving book {} out of gold.training_data: {}", book.getUpc(), e.getMessage());
        return;
      }
      String split = TrainingSplit.of(book.getUpc());
      (TrainingSplit.TEST.equals(split) ? test : train).inc();
      TrainingExample row = new TrainingExample();
      row.setUpc(book.getUpc());
      row.setSiteId(book.getSiteId());
      BookColumns.putFeatures(row, columns, vector);
      row.setTargetRating(book.getRating());
      row.setTargetPrice(book.getPriceInclTax().doubleValue());
      row.setSplit(split);
      row.setFeatureContractHash(contractHash);
      row.setDt(book.getDt());
      out.output(row);
    }
  }
}
