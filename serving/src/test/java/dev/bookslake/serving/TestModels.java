package dev.bookslake.serving;

import dev.bookslake.lake.Lake;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelRegistry;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.features.FeatureVectorizer;
import dev.bookslake.schemas.features.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Real XGBoost models for the serving tests, trained here with xgboost4j 3.0.4 (what {@code
 * bookslake train} uses) on a deterministic synthetic catalogue vectorised through the feature
 * contract, and registered in a lake's model registry.
 */
public final class TestModels {
  public static final FeatureContract CONTRACT = FeatureContract.load();
  private static final List<String> CATEGORIES =
      List.of("Travel", "Mystery", "Poetry", "Science", "Fantasy", "Unknown Genre");

  private TestModels() {}

  /** A trained model and what it was registered as. */
  public record Trained(ModelVersion version, Booster booster) {
    /** xgboost4j's own predictions for vectors: probabilities per class, or the single value. */
    public float[][] predict(float[][] rows) {
      try {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
          System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return booster.predict(new DMatrix(flat, rows.length, rows[0].length, Float.NaN));
      } catch (XGBoostError e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Synthetic gold.books columns of {@code n} books, with true rating and price that depend on the
   * columns, so the models learn something.
   */
  public static List<Map<String, Object>> books(int n, long seed) {
    Random random = new Random(seed);
    List<Map<String, Object>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Object> b = new LinkedHashMap<>();
      BigDecimal price = BigDecimal.valueOf(500 + random.nextInt(5500), 2);
      int reviews = random.nextInt(40);
      int stock = random.nextInt(23);
      int descriptionLength = random.nextInt(5) == 0 ? 0 : 50 + random.nextInt(2000);
      int words = 1 + random.nextInt(12);
      int days = random.nextInt(120);
      String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
      int rating = Math.min(5, 1 + (int) (price.doubleValue() / 12) + (reviews > 30 ? 1 : 0));
      b.put("price_excl_tax", price);
      b.put("review_count", reviews);
      b.put("stock_count", stock);
      b.put("in_stock", stock > 0);
      b.put("description_length", descriptionLength);
      b.put("title_word_count", words);
      b.put("days_since_first_seen", days);
      b.put("category", category);
      b.put("rating", rating);
      b.put(
          "price_incl_tax",
          BigDecimal.valueOf(8 + rating * 6 + words + random.nextInt(300) / 100.0));
      out.add(b);
    }
    return out;
  }

  /** The feature vectors of books for a target, through the contract. */
  public static float[][] vectors(String target, List<Map<String, Object>> books) {
    FeatureVectorizer v = CONTRACT.vectorizer(target);
    float[][] rows = new float[books.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = v.vectorise(books.get(i));
    }
    return rows;
  }

  /**
   * Trains a model of a target ({@code rating} softprob or {@code price} regression) and registers
   * it.
   */
  public static Trained trainAndRegister(Lake lake, String target, int rounds, Path scratch) {
    Target t = CONTRACT.target(target);
    List<Map<String, Object>> books = books(600, 42);
    float[][] rows = vectors(target, books);
    float[] labels = new float[rows.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = t.label(books.get(i).get(t.source()));
    }
    Map<String, Object> params = new HashMap<>();
    params.put("max_depth", 4);
    params.put("eta", 0.3);
    params.put("nthread", 1);
    params.put("seed", 7);
    boolean classifier = target.equals("rating");
    if (classifier) {
      params.put("objective", "multi:softprob");
      params.put("num_class", t.classes().size());
    } else {
      params.put("objective", "reg:squarederror");
    }
    try {
      int width = rows[0].length;
      float[] flat = new float[rows.length * width];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(rows[i], 0, flat, i * width, width);
      }
      DMatrix train = new DMatrix(flat, rows.length, width, Float.NaN);
      train.setLabel(labels);
      Booster booster = XGBoost.train(train, params, rounds, Map.of(), null, null);
      Files.createDirectories(scratch);
      Path file = Files.createTempFile(scratch, target + "-", ".json");
      booster.saveModel(file.toString());
      ModelMetadata metadata =
          ModelMetadata.builder()
              .name(target)
              .target(target)
              .task(classifier ? "classification" : "regression")
              .modelFile("model.json")
              .modelFormat("xgboost-json")
              .engine("xgboost4j 3.0.4")
              .params(Map.copyOf(params))
              .selectionMetric(classifier ? "accuracy" : "rmse")
              .metrics(
                  classifier
                      ? Map.of("accuracy", 0.8, "macro_f1", 0.7)
                      : Map.of("rmse", 2.5, "mae", 2.0))
              .baselineMetrics(
                  classifier
                      ? Map.of("accuracy", 0.3, "macro_f1", 0.1)
                      : Map.of("rmse", 9.0, "mae", 7.5))
              .beatsBaseline(true)
              .candidates(List.of())
              .classes(classifier ? t.classes() : null)
              .featureContractHash(CONTRACT.hash())
              .featureNames(CONTRACT.featureNames(target))
              .trainingTable("gold.training_data")
              .trainingDt("2026-01-02")
              .trainRows(rows.length)
              .featureStatistics(List.of())
              .build();
      ModelVersion v = ModelRegistry.in(lake).register(target, file, metadata);
      return new Trained(v, booster);
    } catch (XGBoostError e) {
      throw new IllegalStateException(
          "Cannot train test model " + target + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Registers a copy of a good version as if trained on another feature contract: the registry
   * takes it, serving must refuse it.
   */
  public static ModelVersion registerOnAnotherContract(Lake lake, ModelVersion good) {
    ModelMetadata stale =
        good.metadata().toBuilder()
            .version(0)
            .featureContractHash("0".repeat(64))
            .createdAt(null)
            .build();
    return ModelRegistry.in(lake).register(good.name(), good.modelFile(), stale);
  }
}
