package dev.bookslake.pipelines.features;

import static dev.bookslake.pipelines.features.BookFixtures.enriched;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.pipelines.features.internal.BookColumns;
import dev.bookslake.pipelines.features.internal.TrainingSplit;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.gold.EnrichedBook;
import dev.bookslake.schemas.gold.TrainingExample;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

/** {@link TrainingData}, which makes gold.training_data, and its split. */
class GoldTrainingDataTest {
  private static final FeatureContract CONTRACT = FeatureContract.load();

  @Test
  void splitIsAFixedFunctionOfTheUpcWithAboutOneFifthInTest() {
    List<String> upcs =
        IntStream.range(0, 5000).mapToObj(i -> String.format("%016x", i * 2654435761L)).toList();

    long test = upcs.stream().filter(u -> TrainingSplit.of(u).equals(TrainingSplit.TEST)).count();

    assertThat(test).as("test share of 5000 books").isBetween(900L, 1100L);
    assertThat(upcs)
        .allSatisfy(u -> assertThat(TrainingSplit.of(u)).isEqualTo(TrainingSplit.of(u)));
    // Pinned: changing the hash or salt would silently move books between train and test.
    assertThat(
            List.of(
                "a897fe39b1053632",
                "90fa61229261140a",
                "6957f44c3847a760",
                "e00eb4fd7b871a48",
                "4165285e1663650f"))
        .extracting(TrainingSplit::of)
        .containsExactly(PINNED_SPLITS);
  }

  private static final String[] PINNED_SPLITS = {"train", "train", "train", "test", "train"};

  @Test
  void rowsCarryFeaturesTargetsAndSplit() {
    List<EnrichedBook> books = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      books.add(
          enriched(
              String.format("%016x", 1000 + i),
              i % 2 == 0 ? "Travel" : "Poetry",
              (10 + i) + ".50",
              1 + i % 5));
    }
    EnrichedBook noRating = enriched("ffffffffffffffff", "Travel", "20.00", 3);
    noRating.setRating(0);
    books.add(noRating);
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);

    PAssert.that(
            p.apply(Create.of(books).withCoder(AvroCoder.of(EnrichedBook.class)))
                .apply(new TrainingData(CONTRACT)))
        .satisfies(
            rows -> {
              assertThat(rows)
                  .hasSize(40)
                  .allSatisfy(
                      row -> {
                        EnrichedBook book =
                            books.stream()
                                .filter(b -> b.getUpc().equals(row.getUpc()))
                                .findFirst()
                                .orElseThrow();
                        float[] vector = CONTRACT.vectorizer().vectorise(BookColumns.of(book));
                        assertThat(row.getTargetRating()).isEqualTo(book.getRating());
                        assertThat(row.getTargetPrice())
                            .isEqualTo(book.getPriceInclTax().doubleValue());
                        assertThat(row.getSplit()).isEqualTo(TrainingSplit.of(book.getUpc()));
                        assertThat(row.getRating()).as("feature column").isEqualTo(vector[1]);
                        assertThat(row.getCategoryPoetry())
                            .isEqualTo(book.getCategory().equals("Poetry") ? 1f : 0f);
                        assertThat(row.getFeatureContractHash()).isEqualTo(CONTRACT.hash());
                      });
              assertThat(rows).extracting(TrainingExample::getSplit).contains("train", "test");
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertThat(StageRuns.counter(result, FeaturesPipeline.METRICS, TrainingData.UNTRAINABLE))
        .isEqualTo(1);
    assertThat(
            StageRuns.counter(result, FeaturesPipeline.METRICS, TrainingData.TRAIN_ROWS)
                + StageRuns.counter(result, FeaturesPipeline.METRICS, TrainingData.TEST_ROWS))
        .isEqualTo(40);
  }
}
