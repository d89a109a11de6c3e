package dev.bookslake.pipelines.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.pipelines.common.xgboost.Boosters;
import dev.bookslake.pipelines.common.xgboost.ScoringModel;
import dev.bookslake.pipelines.testing.MlLakes;
import dev.bookslake.schemas.gold.BookFeatureVector;
import dev.bookslake.schemas.gold.BookPrediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scoring transform alone: good vectors are scored, broken ones are counted and left out. */
class BookPredictionsTest {
  @TempDir Path dir;

  private ScoringModel priceModel() {
    // price = 10 + 8 * title_word_count: a tiny model that has learnt it.
    List<float[]> rows = new ArrayList<>();
    float[] labels = new float[50];
    int words = MlLakes.CONTRACT.featureNames("price").indexOf("title_word_count");
    for (int i = 0; i < 50; i++) {
      float[] x = new float[MlLakes.CONTRACT.featureNames("price").size()];
      x[words] = 1 + i % 5;
      rows.add(x);
      labels[i] = 10 + 8 * x[words];
    }
    Booster booster =
        Boosters.train(
            rows,
            labels,
            Map.of("objective", "reg:squarederror", "max_depth", 2, "eta", 1.0, "seed", 42),
            5);
    Path file = dir.resolve("model.json");
    Boosters.save(booster, file);
    booster.dispose();
    return new ScoringModel(
        "price",
        7,
        file.toString(),
        MlLakes.CONTRACT.featureNames("price"),
        List.of(),
        MlLakes.CONTRACT.hash());
  }

  private static BookFeatureVector vector(String upc, float words, float days, String hash) {
    BookFeatureVector row = new BookFeatureVector();
    for (String name : MlLakes.CONTRACT.featureNames()) {
      row.put(name, 0f);
    }
    row.setUpc(upc);
    row.setSiteId(1);
    row.setFeatureContractHash(hash);
    row.setDt("2026-03-01");
    row.setTitleWordCount(words);
    row.setDaysSinceFirstSeen(days);
    return row;
  }

  @Test
  void scoresGoodVectorsAndCountsAndRejectsBrokenOnesWithTheirReasonWithoutFailing() {
    String hash = MlLakes.CONTRACT.hash();
    List<BookFeatureVector> books =
        List.of(
            vector("good-3", 3, 0, hash),
            vector("not-finite", 3, Float.NaN, hash),
            vector("other-contract", 3, 0, "0".repeat(64)));

    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollectionTuple scored =
        p.apply("CreateBooks", Create.of(books).withCoder(AvroCoder.of(BookFeatureVector.class)))
            .apply("PredictPrice", new BookPredictions(priceModel(), null, "2026-03-01T06:00:00Z"));
    PCollection<BookPrediction> predictions = scored.get(BookPredictions.PREDICTIONS);
    PAssert.that(
            scored
                .get(BookPredictions.REJECTED)
                .apply(
                    "DescribeRejected",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            e ->
                                e.getModel()
                                    + " v"
                                    + e.getModelVersion()
                                    + " "
                                    + e.getUpc()
                                    + " "
                                    + e.getDt()
                                    + ": "
                                    + e.getReason())))
        .containsInAnyOrder(
            "price v7 not-finite 2026-03-01: Cannot score vector holding a non-finite value: NaN",
            "price v7 other-contract 2026-03-01: Cannot score vector of another feature contract: "
                + "0".repeat(64));
    PAssert.that(
            predictions.apply(
                "Describe",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        r ->
                            r.getUpc()
                                + " v"
                                + r.getModelVersion()
                                + " "
                                + Math.round(r.getPrediction())
                                + " "
                                + r.getProbability()
                                + " "
                                + r.getActual())))
        .containsInAnyOrder("good-3 v7 34 null null");
    PipelineResult result = p.run();
    result.waitUntilFinish();

    long unscorable =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(PredictPipeline.METRICS, BookPredictions.UNSCORABLE))
                    .build())
            .getCounters()
            .iterator()
            .next()
            .getAttempted();
    assertThat(unscorable).isEqualTo(2);
  }
}
