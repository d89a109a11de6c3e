package dev.bookslake.serving;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.pipelines.testing.GoldFixture;
import dev.bookslake.serving.metrics.Metrics;
import dev.bookslake.serving.predict.InferenceLog;
import dev.bookslake.serving.predict.Predictions;
import dev.bookslake.serving.predict.ServedModel;
import dev.bookslake.serving.predict.ServingModels;
import dev.bookslake.serving.snapshot.SnapshotStore;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * In-process prediction latency, printed (not a test): DJL single-row and 1000-row predictions, and
 * the whole predict path (validation, DJL, inference log with fsync, JSON) for one book. Also
 * leaves a lake with trained, promoted models for the HTTP benchmark.
 *
 * <pre>
 * scripts/bench-ml-api.sh                       # builds, runs this, then wrk over HTTP
 * java -cp serving/target/test-classes:serving/target/classes:$(cat cp.txt) dev.bookslake.serving.PredictBenchmark /tmp/ml-lake
 * </pre>
 */
public final class PredictBenchmark {
  private PredictBenchmark() {}

  public static void main(String[] args) {
    Path lakeRoot = Path.of(args.length > 0 ? args[0] : "bench-out/ml/lake").toAbsolutePath();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    Lake lake = Lake.at(lakeRoot);
    if (!Files.exists(lakeRoot.resolve("models"))) {
      GoldFixture.write(lake, 1000, List.of(TestLakes.DAY_1, TestLakes.DAY_2));
      for (String target : List.of("rating", "price")) {
        TestModels.trainAndRegister(lake, target, rounds, lakeRoot.resolve("_scratch"));
        ModelRegistry.in(lake)
            .promote(target, 1, ModelRegistry.PRODUCTION, "benchmark", "benchmark model");
      }
    }
    ServingModels models =
        new ServingModels(
                ModelRegistry.in(lake),
                TestModels.CONTRACT,
                List.of("rating", "price"),
                Duration.ofHours(1))
            .start();
    float[][] books = TestModels.vectors("rating", TestModels.books(1000, 11));
    ServedModel rating = models.acquire("rating");
    try {
      System.out.println(
          "threads: OMP_NUM_THREADS="
              + System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)")
              + ", cores="
              + Runtime.getRuntime().availableProcessors()
              + ", rating model "
              + rounds
              + " rounds x 5 classes");
      report(
          "DJL predict, 1 row",
          time(5000, 20000, i -> rating.predict(new float[][] {books[i % books.length]})));
      report("DJL predict, 1000 rows", time(50, 300, i -> rating.predict(books)));
    } finally {
      rating.release();
    }

    Path logDir = lakeRoot.resolve("_bench-log");
    SnapshotStore snapshots = new SnapshotStore(lake, Duration.ofHours(1));
    try (InferenceLog log = new InferenceLog(logDir, 64L << 20, Duration.ofSeconds(10))) {
      Predictions predictions = new Predictions(models, log, 1000, new Metrics(snapshots));
      String book =
          new dev.bookslake.serving.http.JsonOut(256)
              .value(columns(TestModels.books(1, 3).get(0)))
              .toString();
      JsonObject body;
      try (JsonReader reader = Json.createReader(new StringReader(book))) {
        body = reader.readObject();
      }
      report(
          "whole path, 1 row (validate + DJL + fsync'd log + JSON)",
          time(500, 3000, i -> predictions.predict("rating", body, Optional.empty())));
    } finally {
      snapshots.close();
      models.close();
    }
    System.out.println("lake with promoted models: " + lakeRoot);
  }

  private static Map<String, Object> columns(Map<String, Object> book) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    TestModels.CONTRACT.features("rating").forEach(f -> out.put(f.source(), book.get(f.source())));
    return out;
  }

  private interface Step {
    void run(int i);
  }

  private static long[] time(int warmup, int measured, Step step) {
    for (int i = 0; i < warmup; i++) {
      step.run(i);
    }
    long[] nanos = new long[measured];
    for (int i = 0; i < measured; i++) {
      long start = System.nanoTime();
      step.run(i);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static void report(String what, long[] sorted) {
    System.out.println(
        String.format(
            Locale.ROOT,
            "%-58s p50 %8.1f us   p99 %8.1f us   (n=%d)",
            what,
            sorted[sorted.length / 2] / 1e3,
            sorted[(int) (sorted.length * 0.99)] / 1e3,
            sorted.length));
  }
}
