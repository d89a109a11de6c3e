package dev.bookslake.ml.inference;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One prediction of one book as the inference log holds it: one NDJSON line ({@link
 * InferenceLogFormat#encode}). Equality compares the arrays by content, so a record read back
 * equals the one written.
 *
 * @param requestId the id the API answered the request with; null when a line lacks it
 * @param at when the prediction was made; its UTC date is the log partition
 * @param model the model's name, e.g. {@code rating}
 * @param version the model version that predicted
 * @param bookId the book's id as the client sent it, null when it sent the columns
 * @param inputs the columns as received or looked up; numbers read back as {@code BigDecimal}
 * @param features the feature vector, in the order of the version's {@code feature_names}
 * @param prediction the predicted class of a classifier (a whole number) or the predicted value;
 *     null when a line lacks it
 * @param probabilities one per class, in the model's class order, for a classifier; null otherwise
 * @param caller who asked, as the API saw them (the client address); null when a line lacks it
 */
public record InferenceRecord(
    String requestId,
    Instant at,
    String model,
    int version,
    String bookId,
    Map<String, Object> inputs,
    float[] features,
    Float prediction,
    float[] probabilities,
    String caller) {

  /** A record without a caller (lines written before the API recorded one, and tests). */
  public InferenceRecord(
      String requestId,
      Instant at,
      String model,
      int version,
      String bookId,
      Map<String, Object> inputs,
      float[] features,
      Float prediction,
      float[] probabilities) {
    this(requestId, at, model, version, bookId, inputs, features, prediction, probabilities, null);
  }

  public InferenceRecord {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(features, "features");
    // Insertion order is the order the columns are logged in; values may be null.
    inputs = inputs == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
  }

  /** Whether this is a classifier's prediction (it carries class probabilities). */
  public boolean classifier() {
    return probabilities != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InferenceRecord r
        && version == r.version
        && Objects.equals(requestId, r.requestId)
        && Objects.equals(at, r.at)
        && model.equals(r.model)
        && Objects.equals(bookId, r.bookId)
        && Objects.equals(inputs, r.inputs)
        && Arrays.equals(features, r.features)
        && Objects.equals(prediction, r.prediction)
        && Arrays.equals(probabilities, r.probabilities)
        && Objects.equals(caller, r.caller);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        requestId,
        at,
        model,
        version,
        bookId,
        inputs,
        Arrays.hashCode(features),
        prediction,
        Arrays.hashCode(probabilities),
        caller);
  }

  @Override
  public String toString() {
    return "InferenceRecord[requestId="
        + requestId
        + ", at="
        + at
        + ", model="
        + model
        + ", version="
        + version
        + ", bookId="
        + bookId
        + ", inputs="
        + inputs
        + ", features="
        + Arrays.toString(features)
        + ", prediction="
        + prediction
        + ", probabilities="
        + Arrays.toString(probabilities)
        + ", caller="
        + caller
        + "]";
  }
}
