package dev.bookslake.pipelines.predict;

import dev.bookslake.schemas.features.Target;
import dev.bookslake.schemas.gold.EnrichedBook;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The true value of one target per UPC, from the gold.books column the feature contract names as
 * the target's {@code source}, as a map side input for scoring. A book without a value there is
 * counted in {@value #MISSING} and left out (its prediction's {@code actual} is then null).
 *
 * <pre>{@code
 * PCollectionView<Map<String, Double>> actualRatings =
 *     books.apply("ActualRating", new ActualValues(FeatureContract.load().target("rating")));
 * }</pre>
 */
public final class ActualValues
    extends PTransform<PCollection<EnrichedBook>, PCollectionView<Map<String, Double>>> {
  /** Counter (in {@link PredictPipeline#METRICS}) of gold.books rows without the target's value. */
  public static final String MISSING = "books_without_actual";

  private final String source;

  /**
   * @throws IllegalArgumentException when gold.books has no column named by the target's source
   */
  public ActualValues(Target target) {
    if (EnrichedBook.getClassSchema().getField(target.source()) == null) {
      throw new IllegalArgumentException(
          "Cannot find the true value of target "
              + target.name()
              + " in gold.books: "
              + target.source());
    }
    this.source = target.source();
  }

  @Override
  public PCollectionView<Map<String, Double>> expand(PCollection<EnrichedBook> books) {
    return books
        .apply("KeyActual", ParDo.of(new KeyActualFn(source)))
        .apply("ViewActual", View.asMap());
  }

  static final class KeyActualFn extends DoFn<EnrichedBook, KV<String, Double>> {
    private final String source;
    private final Counter missing = Metrics.counter(PredictPipeline.METRICS, MISSING);
    private transient int position;

    KeyActualFn(String source) {
      this.source = source;
    }

    @Setup
    public void setup() {
      Schema.Field field = EnrichedBook.getClassSchema().getField(source);
      position = field.pos();
    }

    @ProcessElement
    public void processElement(ProcessContext context) {
      EnrichedBook book = context.element();
      if (book.get(position) instanceof Number value) {
        context.output(KV.of(book.getUpc(), value.doubleValue()));
      } else {
        missing.inc();
      }
    }
  }
}
