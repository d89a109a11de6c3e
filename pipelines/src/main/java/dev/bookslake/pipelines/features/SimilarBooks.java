package dev.bookslake.pipelines.features;

import dev.bookslake.pipelines.features.SimilarityCoders.Candidate;
import dev.bookslake.pipelines.features.SimilarityCoders.CandidateCoder;
import dev.bookslake.pipelines.features.SimilarityCoders.ProfileCoder;
import dev.bookslake.pipelines.features.internal.BookProfile;
import dev.bookslake.pipelines.features.internal.Neighbour;
import dev.bookslake.pipelines.features.internal.NeighbourSearch;
import dev.bookslake.pipelines.features.internal.TextTerms;
import dev.bookslake.schemas.gold.BookNeighbour;
import dev.bookslake.schemas.gold.EnrichedBook;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
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
 * category and its price step ({@value #PRICE_STEP} wide: 20.00 to 24.99 is one). Each block is
 * ordered by price and every book is scored against at most {@code candidates} neighbours in that
 * order ({@link NeighbourSearch}). A block of up to {@code candidates + 1} books is searched
 * exactly; the work is at most {@code 2 * books * candidates} scores whatever the catalogue's size.
 * The price blocks give books of tiny categories neighbours from elsewhere.
 *
 * <pre>{@code
 * PCollection<BookNeighbour> similar =
 *     books.apply("FindSimilarBooks", new SimilarBooks(dt).withCandidates(200));
 * }</pre>
 */
public final class SimilarBooks
    extends PTransform<PCollection<EnrichedBook>, PCollection<BookNeighbour>> {
  /** Neighbours kept per book. */
  public static final int NEIGHBOURS = 10;

  /** Candidates scored per book and block by default. */
  public static final int DEFAULT_CANDIDATES = 200;

  /** Width of the price blocks: books priced 20.00 to 24.99 share one. */
  public static final double PRICE_STEP = 5.0;

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
          "Cannot search similar books with fewer than "
              + NEIGHBOURS
              + " candidates: "
              + candidates);
    }
    return new SimilarBooks(dt, candidates);
  }

  @Override
  public PCollection<BookNeighbour> expand(PCollection<EnrichedBook> books) {
    PCollectionView<DocumentFrequencyFn.Frequencies> frequencies =
        books.apply(
            "CountDocumentFrequencies",
            Combine.globally(new DocumentFrequencyFn()).asSingletonView());
    return books
        .apply("WeighTerms", ParDo.of(new WeighTermsFn(frequencies)).withSideInputs(frequencies))
        .setCoder(new ProfileCoder())
        .apply("AssignBlocks", ParDo.of(new AssignBlocksFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), new ProfileCoder()))
        .apply("GroupBlocks", GroupByKey.create())
        .apply("ScoreBlocks", ParDo.of(new ScoreBlockFn(candidates)))
        .setCoder(KvCoder.of(VarIntCoder.of(), new CandidateCoder()))
        .apply("GroupCandidates", GroupByKey.create())
        .apply("RankNeighbours", ParDo.of(new RankFn(dt)))
        .setCoder(AvroCoder.specific(BookNeighbour.class));
  }

  static final class WeighTermsFn extends DoFn<EnrichedBook, BookProfile> {
    private final PCollectionView<DocumentFrequencyFn.Frequencies> frequencies;

    WeighTermsFn(PCollectionView<DocumentFrequencyFn.Frequencies> frequencies) {
      this.frequencies = frequencies;
    }

    @ProcessElement
    public void processElement(
        @Element EnrichedBook book, OutputReceiver<BookProfile> out, ProcessContext context) {
      DocumentFrequencyFn.Frequencies df = context.sideInput(frequencies);
      out.output(
          BookProfile.of(
              book.getUpc(),
              book.getSiteId(),
              book.getCategory(),
              book.getPriceInclTax().doubleValue(),
              book.getRating(),
              TextTerms.counts(book.getTitle(), book.getDescription()),
              df.frequencies(),
              df.documents()));
    }
  }

  /** Puts each book in its category's block and its price step's block. */
  static final class AssignBlocksFn extends DoFn<BookProfile, KV<String, BookProfile>> {
    @ProcessElement
    public void processElement(
        @Element BookProfile book, OutputReceiver<KV<String, BookProfile>> out) {
      out.output(KV.of("category:" + book.category(), book));
      out.output(KV.of("price:" + (long) Math.floor(book.price() / PRICE_STEP), book));
    }
  }

  /** Each book's best neighbours within one block, in the shuffle group of the book. */
  static final class ScoreBlockFn
      extends DoFn<KV<String, Iterable<BookProfile>>, KV<Integer, Candidate>> {
    private final int candidates;
    private final Counter pairs = Metrics.counter(FeaturesPipeline.METRICS, PAIRS_SCORED);

    ScoreBlockFn(int candidates) {
      this.candidates = candidates;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<BookProfile>> block,
        OutputReceiver<KV<Integer, Candidate>> out) {
      List<BookProfile> books = new ArrayList<>();
      block.getValue().forEach(books::add);
      long scored =
          NeighbourSearch.search(
              books,
              candidates,
              NEIGHBOURS,
              (book, neighbours) ->
                  neighbours.forEach(
                      n ->
                          out.output(
                              KV.of(
                                  Shards.of(book.upc()),
                                  new Candidate(book.upc(), book.siteId(), n)))));
      pairs.inc(scored);
    }
  }

  /**
   * Merges each book's candidates from its two blocks into its final top 10, ranked 1..10, a shard
   * at a time.
   */
  static final class RankFn extends DoFn<KV<Integer, Iterable<Candidate>>, BookNeighbour> {
    private final String dt;

    RankFn(LocalDate dt) {
      this.dt = dt.toString();
    }

    @ProcessElement
    public void processElement(
        @Element KV<Integer, Iterable<Candidate>> shard, OutputReceiver<BookNeighbour> out) {
      Map<String, List<Candidate>> byBook = new HashMap<>();
      shard.getValue().forEach(c -> byBook.computeIfAbsent(c.upc(), u -> new ArrayList<>()).add(c));
      for (List<Candidate> candidates : byBook.values()) {
        candidates.sort(Comparator.comparing(Candidate::neighbour, Neighbour.BEST_FIRST));
        Set<String> seen = new HashSet<>();
        int rank = 0;
        for (Candidate c : candidates) {
          // A pair met in both of its blocks scores the same twice; keep it once.
          if (rank < NEIGHBOURS && seen.add(c.neighbour().upc())) {
            out.output(
                BookNeighbour.newBuilder()
                    .setUpc(c.upc())
                    .setSiteId(c.siteId())
                    .setNeighbourUpc(c.neighbour().upc())
                    .setNeighbourSiteId(c.neighbour().siteId())
                    .setRank(++rank)
                    .setScore(c.neighbour().score())
                    .setSameCategory(c.neighbour().sameCategory())
                    .setTextSimilarity(c.neighbour().textSimilarity())
                    .setDt(dt)
                    .build());
          }
        }
      }
    }
  }
}
