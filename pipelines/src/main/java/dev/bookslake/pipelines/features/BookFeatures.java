package dev.bookslake.pipelines.features;

import dev.bookslake.pipelines.common.RecordColumns;
import dev.bookslake.pipelines.features.internal.BookColumns;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.features.FeatureVectorizer;
import dev.bookslake.schemas.gold.BookFeatureVector;
import dev.bookslake.schemas.gold.EnrichedBook;
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
 * {@code gold.features}: every book's feature vector, one column per feature of the contract,
 * computed by the contract's own {@link FeatureVectorizer} so the lake holds exactly what models
 * see. A book that cannot be vectorised is logged, counted in {@code unvectorisable_books} and left
 * out; it never fails the run.
 *
 * <pre>{@code
 * PCollection<BookFeatureVector> features =
 *     books.apply("VectoriseBooks", new BookFeatures(FeatureContract.load()));
 * }</pre>
 */
public final class BookFeatures
    extends PTransform<PCollection<EnrichedBook>, PCollection<BookFeatureVector>> {
  /**
   * Counter (in {@link FeaturesPipeline#METRICS}) of books left out because a value broke the
   * contract.
   */
  public static final String UNVECTORISABLE = "unvectorisable_books";

  private final FeatureContract contract;

  public BookFeatures(FeatureContract contract) {
    this.contract = contract;
  }

  @Override
  public PCollection<BookFeatureVector> expand(PCollection<EnrichedBook> books) {
    return books
        .apply("Vectorise", ParDo.of(new VectoriseFn(contract)))
        .setCoder(AvroCoder.specific(BookFeatureVector.class));
  }

  static final class VectoriseFn extends DoFn<EnrichedBook, BookFeatureVector> {
    private static final Logger LOG = LoggerFactory.getLogger(VectoriseFn.class);
    private final FeatureVectorizer vectorizer;
    private final String contractHash;
    private final Counter unvectorisable =
        Metrics.counter(FeaturesPipeline.METRICS, UNVECTORISABLE);
    private transient int[] columns;

    VectoriseFn(FeatureContract contract) {
      this.vectorizer = contract.vectorizer();
      this.contractHash = contract.hash();
    }

    @Setup
    public void setup() {
      columns =
          RecordColumns.positions(BookFeatureVector.getClassSchema(), vectorizer.featureNames());
    }

    @ProcessElement
    public void processElement(@Element EnrichedBook book, OutputReceiver<BookFeatureVector> out) {
      float[] vector;
      try {
        vector = vectorizer.vectorise(BookColumns.of(book));
      } catch (IllegalArgumentException e) {
        unvectorisable.inc();
        LOG.warn("Leaving book {} out of gold.features: {}", book.getUpc(), e.getMessage());
        return;
      }
      BookFeatureVector row = new BookFeatureVector();
      row.setUpc(book.getUpc());
      row.setSiteId(book.getSiteId());
      BookColumns.putFeatures(row, columns, vector);
      row.setFeatureContractHash(contractHash);
      row.setDt(book.getDt());
      out.output(row);
    }
  }
}
