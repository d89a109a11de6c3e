package dev.bookslake.pipelines.features;

import dev.bookslake.ml.sentiment.Sentiment;
import dev.bookslake.ml.sentiment.SentimentScore;
import dev.bookslake.schemas.gold.BookSentiment;
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
 * {@code gold.book_sentiment}: the sentiment of every book's description by the VADER scorer of
 * {@link Sentiment} (compound score, label, positive/neutral/negative proportions), one row per
 * book. The whole description is scored as one text, as the reference scores any text.
 *
 * <p>A book without a description (null or blank) gets the scorer's answer for an empty text, score
 * 0 with 0 proportions, labelled neutral, and {@code has_description = false}: every gold book
 * keeps one row, and a reader can leave those out. Such books are counted in {@value
 * #WITHOUT_DESCRIPTION}. A description the scorer throws on is logged, counted in {@value
 * #UNSCORABLE} and left out; it never fails the run.
 *
 * <pre>{@code
 * PCollection<BookSentiment> sentiment = books.apply("ScoreSentiment", new BookSentiments());
 * }</pre>
 */
public final class BookSentiments
    extends PTransform<PCollection<EnrichedBook>, PCollection<BookSentiment>> {
  /** Counter (in {@link FeaturesPipeline#METRICS}) of books scored neutral for lack of text. */
  public static final String WITHOUT_DESCRIPTION = "sentiment_without_description";

  /** Counter (in {@link FeaturesPipeline#METRICS}) of books left out: the scorer failed. */
  public static final String UNSCORABLE = "sentiment_unscorable_books";

  @Override
  public PCollection<BookSentiment> expand(PCollection<EnrichedBook> books) {
    return books
        .apply("Score", ParDo.of(new ScoreFn()))
        .setCoder(AvroCoder.specific(BookSentiment.class));
  }

  static final class ScoreFn extends DoFn<EnrichedBook, BookSentiment> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreFn.class);
    private final Counter withoutDescription =
        Metrics.counter(FeaturesPipeline.METRICS, WITHOUT_DESCRIPTION);
    private final Counter unscorable = Metrics.counter(FeaturesPipeline.METRICS, UNSCORABLE);
    private transient Sentiment sentiment;

    @Setup
    public void setup() {
      sentiment = Sentiment.load();
    }

    @ProcessElement
    public void processElement(@Element EnrichedBook book, OutputReceiver<BookSentiment> out) {
      String description = book.getDescription();
      boolean hasDescription = description != null && !description.isBlank();
      SentimentScore score;
      if (hasDescription) {
        try {
          score = sentiment.score(description);
        } catch (RuntimeException e) {
          unscorable.inc();
          LOG.warn("Leaving book {} out of gold.book_sentiment: {}", book.getUpc(), e.toString());
          return;
        }
      } else {
        withoutDescription.inc();
        score = SentimentScore.NONE;
      }
      out.output(
          BookSentiment.newBuilder()
              .setUpc(book.getUpc())
              .setSiteId(book.getSiteId())
              .setCategory(book.getCategory())
              .setSentimentScore(score.compound())
              .setSentimentLabel(score.label().code())
              .setPositive(score.positive())
              .setNeutral(score.neutral())
              .setNegative(score.negative())
              .setHasDescription(hasDescription)
              .setDt(book.getDt())
              .build());
    }
  }
}
