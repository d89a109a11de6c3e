package dev.bookslake.pipelines.features;

import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.schemas.gold.BookNeighbour;
import dev.bookslake.schemas.gold.EnrichedBook;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Times {@link SimilarBooks} on synthetic catalogues (a benchmark, not a test). For each size it
 * runs two pipelines: one that only generates the books (the baseline) and one that also finds
 * their neighbours; the difference is the cost of similar books.
 *
 * <pre>
 * scripts/mvn -o -q -pl pipelines -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx8g -cp "$(cat /tmp/cp.txt):pipelines/target/classes:pipelines/target/test-classes" \
 *     dev.bookslake.pipelines.features.SimilarBooksBench 1000 10000 100000 [--candidates=200] [--runner=FlinkRunner ...]
 * </pre>
 */
public final class SimilarBooksBench {
  private static final LocalDate DT = LocalDate.parse("2026-01-10");
  private static final String METRICS = "bookslake.bench";

  private SimilarBooksBench() {}

  public static void main(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    List<String> beamArgs = new ArrayList<>();
    int candidates = SimilarBooks.DEFAULT_CANDIDATES;
    for (String arg : args) {
      if (arg.startsWith("--candidates=")) {
        candidates = Integer.parseInt(arg.substring("--candidates=".length()));
      } else if (arg.startsWith("--")) {
        beamArgs.add(arg);
      } else {
        sizes.add(Integer.parseInt(arg));
      }
    }
    System.out.printf(
        "cores=%d maxHeap=%.1fGB candidates=%d runner args=%s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / 1e9,
        candidates,
        beamArgs);
    for (int books : sizes) {
      Run baseline = run(books, candidates, false, beamArgs);
      Run similar = run(books, candidates, true, beamArgs);
      System.out.printf(
          "books=%d: baseline %.1f s wall / %.1f s cpu; with similar books %.1f s wall / %.1f s cpu;"
              + " similar books alone ~%.1f s wall; %d rows, %d pairs scored (%.0f per book, all pairs would be %d)%n",
          books,
          baseline.wall,
          baseline.cpu,
          similar.wall,
          similar.cpu,
          similar.wall - baseline.wall,
          similar.rows,
          similar.pairs,
          similar.pairs / (double) books,
          (long) books * (books - 1));
    }
  }

  private record Run(double wall, double cpu, long rows, long pairs) {}

  private static Run run(int books, int candidates, boolean similar, List<String> beamArgs) {
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).create();
    Pipeline pipeline = Pipeline.create(options);
    PCollection<EnrichedBook> catalogue =
        pipeline
            .apply("Numbers", GenerateSequence.from(0).to(books))
            .apply("MakeBooks", ParDo.of(new MakeBookFn()))
            .setCoder(AvroCoder.specific(EnrichedBook.class));
    if (similar) {
      catalogue
          .apply("FindSimilarBooks", new SimilarBooks(DT).withCandidates(candidates))
          .apply("CountRows", ParDo.of(new CountFn<BookNeighbour>()));
    } else {
      catalogue.apply("CountRows", ParDo.of(new CountFn<EnrichedBook>()));
    }
    long cpuBefore = processCpuNanos();
    long started = System.nanoTime();
    PipelineResult result = StageRuns.waitForSuccess(pipeline.run());
    double wall = (System.nanoTime() - started) / 1e9;
    double cpu = (processCpuNanos() - cpuBefore) / 1e9;
    return new Run(
        wall,
        cpu,
        StageRuns.counter(result, METRICS, "rows"),
        StageRuns.counter(result, FeaturesPipeline.METRICS, SimilarBooks.PAIRS_SCORED));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static final class MakeBookFn extends DoFn<Long, EnrichedBook> {
    @ProcessElement
    public void processElement(@Element Long i, OutputReceiver<EnrichedBook> out) {
      out.output(BookFixtures.enriched(SyntheticBooks.book(i, 1, DT), (int) (i % 31)));
    }
  }

  static final class CountFn<T> extends DoFn<T, Void> {
    private final Counter rows = Metrics.counter(METRICS, "rows");

    @ProcessElement
    public void processElement() {
      rows.inc();
    }
  }
}
