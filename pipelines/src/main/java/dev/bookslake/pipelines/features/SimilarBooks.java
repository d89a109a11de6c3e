package dev.bookslake.pipelines.features;

import dev.bookslake.pipelines.features.internal.BookDerivations;
import dev.bookslake.pipelines.features.internal.BookProfile;
import dev.bookslake.pipelines.features.internal.NeighbourSearch;
import dev.bookslake.pipelines.features.internal.TextTerms;
import dev.bookslake.schemas.gold.BookNeighbour;
import dev.bookslake.schemas.gold.EnrichedBook;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * {@code gold.similar_books}: for every book its (up to) 10 most similar books, by the score of
 * {@link dev.bookslake.pipelines.features.internal.Similarity} (same category, price closeness,
 * rating closeness, TF-IDF cosine of title and description, with IDF over the dt's books).
 *
 * <p>Scoring all pairs is quadratic, so candidates come from two kinds of block: the book's
 * category and its price band. Each block is ordered by price and every book is scored against
 * at most {@code candidates} neighbours in that order ({@link NeighbourSearch}). A block of up to
 * {@code candidates + 1} books is searched exactly; the work is at most
 * {@code 2 * books * candidates} scores whatever the catalogue's size. The price-band blocks give
 * books of tiny categories neighbours from elsewhere.
 *
 * <pre>{@code
 * PCollection<BookNeighbour> similar =
 *     books.apply("FindSimilarBooks", new SimilarBooks(dt).withCandidates(200));
 * }</pre>
 */
public final class SimilarBooks extends PTransform<PCollection<EnrichedBook>, PCollection<BookNeighbour>> {
  /** Neighbours kept per book. */
  public static final int NEIGHBOURS = 10;
  /** Candidates scored per book and block by default. */
  public static final int DEFAULT_CANDIDATES = 200;
  /** Counter of the pairs scored, the measure of the work done. */
  public static final String PAIRS_SCORED = "similar_pairs_scored";

  private final LocalDate dt;
  private final int candidates;

  public SimilarBooks(LocalDate dt) {
    this(dt, DEFAULT_CANDIDATES);
  }

  private SimilarBooks(LocalDate dt, int candidates) {
    this.dt = dt;
    this.candidates = candidates;
  }

  /** Bounds the books each book is scored against per block (at least {@value #NEIGHBOURS}). */
  public SimilarBooks withCandidates(int candidates) {
    if (candidates < NEIGHBOURS) {
      throw new IllegalArgumentException(
          "Cannot search similar books with fewer than " + NEIGHBOURS + " candidates: " + candidates);
    }
    return new SimilarBooks(dt, candidates);
  }

  @Override
  public PCollection<BookNeighbour> expand(PCollection<EnrichedBook> books) {
    PCollection<BookText> texts =
        books.apply("ExtractTerms", ParDo.of(new ExtractTermsFn())).setCoder(SerializableCoder.of(BookText.class));
    PCollectionView<DocumentFrequencies> frequencies =
        texts.apply("CountDocumentFrequencies", Combine.globally(new DocumentFrequencyFn()).asSingletonView());
    return texts
        .apply("WeighTerms", ParDo.of(new WeighTermsFn(frequencies)).withSideInputs(frequencies))
        .setCoder(SerializableCoder.of(BookProfile.class))
        .apply("AssignBlocks", ParDo.of(new AssignBlocksFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(BookProfile.class)))
        .apply("GroupBlocks", GroupByKey.create())
        .apply("ScoreBlocks", ParDo.of(new ScoreBlockFn(candidates, dt)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), AvroCoder.of(BookNeighbour.class)))
        .apply("GroupCandidates", GroupByKey.create())
        .apply("RankNeighbours", ParDo.of(new RankFn()))
        .setCoder(AvroCoder.of(BookNeighbour.class));
  }

  /** A book's terms and the facts similarity compares, before weighting. */
  record BookText(
      String upc, int siteId, String category, String priceBand, double price, int rating, TreeMap<String, Integer> counts)
      implements Serializable {}

  /** How many books hold each term, and how many books there are. */
  record DocumentFrequencies(long documents, Map<String, Long> frequencies) implements Serializable {}

  static final class ExtractTermsFn extends DoFn<EnrichedBook, BookText> {
    @ProcessElement
    public void processElement(@Element EnrichedBook book, OutputReceiver<BookText> out) {
      out.output(new BookText(
          book.getUpc(),
          book.getSiteId(),
          book.getCategory(),
          BookDerivations.priceBand(book.getPriceInclTax()),
          book.getPriceInclTax().doubleValue(),
          book.getRating(),
          new TreeMap<>(TextTerms.counts(book.getTitle(), book.getDescription()))));
    }
  }

  static final class DocumentFrequencyFn
      extends Combine.CombineFn<BookText, DocumentFrequencyFn.Accumulator, DocumentFrequencies> {

    static final class Accumulator implements Serializable {
      long documents;
      final HashMap<String, Long> frequencies = new HashMap<>();
    }

    @Override
    public Accumulator createAccumulator() {
      return new Accumulator();
    }

    @Override
    public Accumulator addInput(Accumulator acc, BookText book) {
      acc.documents++;
      book.counts().keySet().forEach(term -> acc.frequencies.merge(term, 1L, Long::sum));
      return acc;
    }

    @Override
    public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
      Accumulator merged = new Accumulator();
      for (Accumulator acc : accumulators) {
        merged.documents += acc.documents;
        acc.frequencies.forEach((term, n) -> merged.frequencies.merge(term, n, Long::sum));
      }
      return merged;
    }

    @Override
    public DocumentFrequencies extractOutput(Accumulator acc) {
      return new DocumentFrequencies(acc.documents, acc.frequencies);
    }

    @Override
    public Coder<Accumulator> getAccumulatorCoder(CoderRegistry registry, Coder<BookText> inputCoder) {
      return SerializableCoder.of(Accumulator.class);
    }

    @Override
    public Coder<DocumentFrequencies> getDefaultOutputCoder(CoderRegistry registry, Coder<BookText> inputCoder) {
      return SerializableCoder.of(DocumentFrequencies.class);
    }
  }

  static final class WeighTermsFn extends DoFn<BookText, BookProfile> {
    private final PCollectionView<DocumentFrequencies> frequencies;

    WeighTermsFn(PCollectionView<DocumentFrequencies> frequencies) {
      this.frequencies = frequencies;
    }

    @ProcessElement
    public void processElement(@Element BookText book, OutputReceiver<BookProfile> out, ProcessContext context) {
      DocumentFrequencies df = context.sideInput(frequencies);
      out.output(BookProfile.of(
          book.upc(), book.siteId(), book.category(), book.priceBand(), book.price(), book.rating(),
          book.counts(), df.frequencies(), df.documents()));
    }
  }

  /** Puts each book in its category's block and its price band's block. */
  static final class AssignBlocksFn extends DoFn<BookProfile, KV<String, BookProfile>> {
    @ProcessElement
    public void processElement(@Element BookProfile book, OutputReceiver<KV<String, BookProfile>> out) {
      out.output(KV.of("category:" + book.category(), book));
      out.output(KV.of("price_band:" + book.priceBand(), book));
    }
  }

  /** Each book's best neighbours within one block, keyed by the book. */
  static final class ScoreBlockFn extends DoFn<KV<String, Iterable<BookProfile>>, KV<String, BookNeighbour>> {
    private final int candidates;
    private final String dt;
    private final Counter pairs = Metrics.counter(FeaturesPipeline.METRICS, PAIRS_SCORED);

    ScoreBlockFn(int candidates, LocalDate dt) {
      this.candidates = candidates;
      this.dt = dt.toString();
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<BookProfile>> block, OutputReceiver<KV<String, BookNeighbour>> out) {
      List<BookProfile> books = new ArrayList<>();
      block.getValue().forEach(books::add);
      long scored = NeighbourSearch.search(books, candidates, NEIGHBOURS, (book, neighbours) -> {
        for (var n : neighbours) {
          out.output(KV.of(book.upc(), BookNeighbour.newBuilder()
              .setUpc(book.upc())
              .setSiteId(book.siteId())
              .setNeighbourUpc(n.upc())
              .setNeighbourSiteId(n.siteId())
              .setRank(0)
              .setScore(n.score())
              .setSameCategory(n.sameCategory())
              .setTextSimilarity(n.textSimilarity())
              .setDt(dt)
              .build()));
        }
      });
      pairs.inc(scored);
    }
  }

  /** Merges a book's candidates from its blocks into its final top 10, ranked 1..10. */
  static final class RankFn extends DoFn<KV<String, Iterable<BookNeighbour>>, BookNeighbour> {
    private static final Comparator<BookNeighbour> BEST_FIRST =
        Comparator.comparingDouble(BookNeighbour::getScore).reversed().thenComparing(BookNeighbour::getNeighbourUpc);

    @ProcessElement
    public void processElement(@Element KV<String, Iterable<BookNeighbour>> book, OutputReceiver<BookNeighbour> out) {
      List<BookNeighbour> candidates = new ArrayList<>();
      book.getValue().forEach(candidates::add);
      candidates.sort(BEST_FIRST);
      Set<String> seen = new HashSet<>();
      int rank = 0;
      for (BookNeighbour candidate : candidates) {
        // A pair met in both of its blocks scores the same twice; keep it once.
        if (rank < NEIGHBOURS && seen.add(candidate.getNeighbourUpc())) {
          BookNeighbour ranked = BookNeighbour.newBuilder(candidate).setRank(++rank).build();
          out.output(ranked);
        }
      }
    }
  }
}
