package dev.bookslake.serving.predict;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.bookslake.ml.registry.ModelMetadata;
import dev.bookslake.ml.registry.ModelVersion;
import dev.bookslake.schemas.features.FeatureContract;
import dev.bookslake.schemas.features.Target;
import dev.bookslake.schemas.features.Task;
import dev.bookslake.serving.http.RefCount;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One registered model version loaded into DJL's XGBoost engine, checked against the feature
 * contract, shared by concurrent requests. Requests {@link #retain()} it for their prediction and
 * {@link #release()} it after; when serving switches to another version the holder releases its own
 * reference and the last release closes the native booster, so a swap never pulls a model from
 * under an in-flight request.
 *
 * <pre>{@code
 * ServedModel m = ServedModel.load(registry.alias("rating", "production").orElseThrow(), FeatureContract.load());
 * float[] probabilities = m.predict(new float[][] {x});   // 5 per row for the rating model
 * m.release();
 * }</pre>
 */
public final class ServedModel {
  private static final int MAX_IDLE_PREDICTORS = 2 * Runtime.getRuntime().availableProcessors();

  private final ModelVersion version;
  private final Target target;
  private final Model model;
  private final Instant loadedAt = Instant.now();
  // Predictors are pooled, not kept per thread: virtual threads would leak one each.
  private final ConcurrentLinkedQueue<Predictor<NDList, NDList>> idle =
      new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private final RefCount refs = new RefCount(this::closeAll);

  private ServedModel(ModelVersion version, Target target, Model model) {
    this.version = version;
    this.target = target;
    this.model = model;
  }

  /**
   * Loads a version after checking it was trained on this feature contract.
   *
   * @throws IllegalStateException "Cannot serve model rating v2: …" naming the mismatch or the load
   *     failure
   */
  public static ServedModel load(ModelVersion version, FeatureContract contract) {
    String what = "Cannot serve model " + version.name() + " v" + version.version() + ": ";
    refusal(version, contract)
        .ifPresent(
            reason -> {
              throw new IllegalStateException(what + reason);
            });
    Target target = target(version, contract);
    Model model = Model.newInstance(version.name(), "XGBoost");
    try {
      model.load(version.directory(), version.metadata().modelFile());
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new IllegalStateException(
          what + "its model file " + version.modelFile() + " does not load: " + e.getMessage(), e);
    }
    return new ServedModel(version, target, model);
  }

  /**
   * Why a version cannot be served on this feature contract (its feature names, contract hash or
   * classes differ), or empty when it can. Reads the metadata only, so the API can refuse a
   * promotion before it moves an alias.
   */
  public static Optional<String> refusal(ModelVersion version, FeatureContract contract) {
    Target target;
    try {
      target = target(version, contract);
    } catch (IllegalArgumentException e) {
      return Optional.of("its target is not in the feature contract (" + e.getMessage() + ")");
    }
    ModelMetadata m = version.metadata();
    List<String> expected = contract.featureNames(target.name());
    if (!Objects.equals(m.featureNames(), expected)) {
      return Optional.of(
          "its feature names "
              + m.featureNames()
              + " differ from the feature contract's "
              + expected);
    }
    if (!contract.hash().equals(m.featureContractHash())) {
      return Optional.of(
          "trained on feature contract "
              + m.featureContractHash()
              + ", serving has "
              + contract.hash());
    }
    if (target.task() == Task.CLASSIFICATION && !Objects.equals(m.classes(), target.classes())) {
      return Optional.of(
          "its classes " + m.classes() + " differ from the target's " + target.classes());
    }
    return Optional.empty();
  }

  private static Target target(ModelVersion version, FeatureContract contract) {
    return contract.target(
        version.metadata().target() == null ? version.name() : version.metadata().target());
  }

  public ModelVersion version() {
    return version;
  }

  public Target target() {
    return target;
  }

  public Instant loadedAt() {
    return loadedAt;
  }

  /** Whether the model answers class probabilities (rating) rather than one number (price). */
  public boolean classifier() {
    return target.task() == Task.CLASSIFICATION;
  }

  /** Outputs per row: the number of classes, or 1 for regression. */
  public int outputsPerRow() {
    return classifier() ? target.classes().size() : 1;
  }

  /**
   * The raw outputs for rows of feature vectors, row after row: {@link #outputsPerRow()} floats
   * each (softprob probabilities in class order, or the regression value).
   */
  public float[] predict(float[][] rows) {
    int width = rows[0].length;
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    Predictor<NDList, NDList> predictor = borrow();
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray x = manager.create(flat, new Shape(rows.length, width));
      float[] out = predictor.predict(new NDList(x)).singletonOrThrow().toFloatArray();
      if (out.length != rows.length * outputsPerRow()) {
        throw new IllegalStateException(
            "Cannot read predictions of model "
                + version.name()
                + " v"
                + version.version()
                + ": expected "
                + rows.length * outputsPerRow()
                + " values, got "
                + out.length);
      }
      return out;
    } catch (TranslateException e) {
      throw new IllegalStateException(
          "Cannot predict with model "
              + version.name()
              + " v"
              + version.version()
              + ": "
              + e.getMessage(),
          e);
    } finally {
      giveBack(predictor);
    }
  }

  private Predictor<NDList, NDList> borrow() {
    Predictor<NDList, NDList> p = idle.poll();
    if (p != null) {
      idleCount.decrementAndGet();
      return p;
    }
    return model.newPredictor(new NoopTranslator());
  }

  private void giveBack(Predictor<NDList, NDList> p) {
    if (idleCount.incrementAndGet() <= MAX_IDLE_PREDICTORS && !refs.isReleased()) {
      idle.add(p);
    } else {
      idleCount.decrementAndGet();
      p.close();
    }
  }

  /** Takes a reference for one prediction; false once the model is closing. */
  public boolean retain() {
    return refs.retain();
  }

  /** Gives a reference back; the last one closes the predictors and the native model. */
  public void release() {
    refs.release();
  }

  private void closeAll() {
    Predictor<NDList, NDList> p;
    while ((p = idle.poll()) != null) {
      p.close();
    }
    model.close();
  }

  boolean isClosed() {
    return refs.isReleased();
  }
}
