package dev.bookslake.serving.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.serving.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promotions back and forth while many threads predict: no prediction fails, each answer comes from
 * the version it names, and every model swapped out is closed once its last user is done.
 */
class ModelSwapUnderLoadTest {
  private static final FeatureContract CONTRACT = FeatureContract.load();
  private static final int THREADS = 12;
  @TempDir Path dir;

  @Test
  void swapsUnderLoadFailNoPredictionAndCloseEveryRetiredModel() throws Exception {
    Lake lake = Lake.at(dir.resolve("lake"));
    ModelRegistry registry = ModelRegistry.in(lake);
    Map<Integer, TestModels.Trained> trained =
        Map.of(
            1, TestModels.trainAndRegister(lake, "rating", 10, dir.resolve("scratch")),
            2, TestModels.trainAndRegister(lake, "rating", 3, dir.resolve("scratch")));
    registry.promote("rating", 1, ModelRegistry.PRODUCTION, "test", "first");
    float[][] rows = TestModels.vectors("rating", TestModels.books(4, 11));
    Map<Integer, float[][]> expected =
        Map.of(1, trained.get(1).predict(rows), 2, trained.get(2).predict(rows));

    List<ServedModel> loaded = new ArrayList<>();
    ServedModel last;
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Set<Integer> versionsSeen = ConcurrentHashMap.newKeySet();
    AtomicLong predictions = new AtomicLong();
    try (ServingModels models =
        new ServingModels(registry, CONTRACT, List.of("rating"), Duration.ofHours(1)).start()) {
      loaded.add(models.state("rating").model());
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch running = new CountDownLatch(THREADS);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      for (int t = 0; t < THREADS; t++) {
        pool.submit(
            () -> {
              running.countDown();
              while (!stop.get()) {
                try {
                  ServedModel m = models.acquire("rating");
                  try {
                    float[] out = m.predict(rows);
                    int version = m.version().version();
                    float[][] want = expected.get(version);
                    for (int i = 0; i < rows.length; i++) {
                      for (int c = 0; c < 5; c++) {
                        if (Math.abs(out[i * 5 + c] - want[i][c]) > 1e-5) {
                          failures.add("v" + version + " answered another model's probabilities");
                        }
                      }
                    }
                    versionsSeen.add(version);
                    predictions.incrementAndGet();
                  } finally {
                    m.release();
                  }
                } catch (RuntimeException e) {
                  failures.add(e.toString());
                }
              }
            });
      }
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      for (int version : new int[] {2, 1, 2, 1, 2, 1}) {
        long before = predictions.get();
        while (predictions.get() < before + THREADS) {
          Thread.sleep(1);
        }
        registry.promote("rating", version, ModelRegistry.PRODUCTION, "test", "swap under load");
        models.reload("rating");
        assertThat(models.state("rating").model().version().version()).isEqualTo(version);
        loaded.add(models.state("rating").model());
      }
      long before = predictions.get();
      while (predictions.get() < before + THREADS) {
        Thread.sleep(1);
      }
      stop.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      assertThat(failures).isEmpty();
      assertThat(versionsSeen).containsExactlyInAnyOrder(1, 2);
      assertThat(loaded).as("every swap loads its own model").hasSize(7).doesNotHaveDuplicates();
      last = models.state("rating").model();
      for (ServedModel m : loaded) {
        assertThat(m.isClosed())
            .as("v%d loaded at %s", m.version().version(), m.loadedAt())
            .isEqualTo(m != last);
      }
    }
    assertThat(last.isClosed()).as("closed with the holder").isTrue();
  }
}
