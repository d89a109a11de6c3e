package dev.bookslake.serving.predict;

import dev.bookslake.ml.inference.InferenceLogFormat;
import dev.bookslake.ml.inference.InferenceRecord;
import dev.bookslake.schemas.features.FeatureVectorizer;
import dev.bookslake.serving.http.Bodies;
import dev.bookslake.serving.http.Bulkhead;
import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.metrics.Metrics;
import dev.bookslake.serving.predict.BookInputs.BookInput;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.Book;
import dev.bookslake.serving.snapshot.GoldSnapshot;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Predictions for books: checks the request against the feature contract, predicts with the
 * production model, logs every prediction durably, and answers only then. The prediction routes
 * delegate here; tests call it without HTTP.
 *
 * <pre>{@code
 * Predictions p = new Predictions(models, log, 1000, metrics);
 * byte[] json = p.predict("rating", body, Optional.of(snapshot));
 * // {"model":"rating","version":3,"request_id":"…","predictions":[{"rating":4,"probabilities":{"1":0.01,…}}]}
 * // a book of some columns only: …{"rating":4,"probabilities":{…},"missing_features":["review_count",…]}
 * }</pre>
 */
public final class Predictions {
  private static final System.Logger LOG = System.getLogger(Predictions.class.getName());

  /** The start of the 503 detail when the bound is full. */
  public static final String REFUSAL = "Cannot predict now";

  /** The member of a prediction naming the columns its book left out (absent when none was). */
  public static final String MISSING_FEATURES = "missing_features";

  private final ServingModels models;
  private final InferenceLog log;
  private final int maxBatch;
  private final Metrics metrics;
  private final Bulkhead bound;
  private final Map<String, FeatureVectorizer> vectorizers = new HashMap<>();
  private final Map<String, List<String>> sources = new HashMap<>();

  /** Predictions with a bound of one request per core and a 100 ms wait for a place. */
  public Predictions(ServingModels models, InferenceLog log, int maxBatch, Metrics metrics) {
    this(
        models,
        log,
        maxBatch,
        metrics,
        new Bulkhead(
            "predict",
            REFUSAL,
            Runtime.getRuntime().availableProcessors(),
            java.time.Duration.ofMillis(100),
            metrics::shed));
  }

  /**
   * @param bound how many prediction requests are worked on at once (parsing, vectorising,
   *     predicting and logging); more wait briefly and are then refused with 503
   */
  public Predictions(
      ServingModels models, InferenceLog log, int maxBatch, Metrics metrics, Bulkhead bound) {
    this.bound = bound;
    this.models = models;
    this.log = log;
    this.maxBatch = maxBatch;
    this.metrics = metrics;
    for (String name : models.names()) {
      vectorizers.put(name, models.contract().vectorizer(name));
      sources.put(name, BookInputs.sources(models.contract().features(name)));
    }
  }

  public ServingModels models() {
    return models;
  }

  public int maxBatch() {
    return maxBatch;
  }

  /** The bound on prediction requests worked on at once. */
  public Bulkhead bound() {
    return bound;
  }

  /**
   * Predicts a body (one book or {@code {"books": [...]}}) with a model, logs it and returns the
   * response document.
   *
   * @param snapshot the gold snapshot books given by id are looked up in
   * @throws ProblemException 400/413 for bad input, 404 for a model not in {@code ml.models}, 503
   *     without a servable model or when the inference log cannot be written
   */
  public byte[] predict(String name, JsonObject body, Optional<GoldSnapshot> snapshot) {
    return predict(name, () -> body, snapshot, null);
  }

  /**
   * Predicts a body given as its bytes: the parsing, like the rest of the work, happens under the
   * bound (see {@link #predict(String, JsonObject, Optional)}).
   */
  public byte[] predict(String name, byte[] body, Optional<GoldSnapshot> snapshot) {
    return predict(name, body, snapshot, null);
  }

  /**
   * As {@link #predict(String, byte[], Optional)}, recording {@code caller} (the client address)
   * with each line of the inference log.
   */
  public byte[] predict(String name, byte[] body, Optional<GoldSnapshot> snapshot, String caller) {
    return predict(name, () -> Bodies.jsonObject(body), snapshot, caller);
  }

  private byte[] predict(
      String name, Supplier<JsonObject> body, Optional<GoldSnapshot> snapshot, String caller) {
    if (!vectorizers.containsKey(name)) {
      throw ProblemException.unknown("predict with", "model", name);
    }
    // The CPU work runs in the bound, on its own threads; the durable log write waits on the disk
    // outside it, so a slow fsync holds no place.
    Computed done = bound.call(() -> compute(name, body.get(), snapshot, caller));
    try {
      log.write(done.at(), done.logLines());
    } catch (UncheckedIOException e) {
      metrics.inferenceLogFailure();
      // Never served unlogged. The cause names files of the lake: the log has it, the client gets
      // no internal path.
      LOG.log(
          System.Logger.Level.ERROR, "Cannot serve a prediction of {0}: {1}", name, e.getMessage());
      throw ProblemException.unavailable(
          "Cannot write inference log: the prediction was not served (the cause is in the server log)");
    }
    metrics.predictions(name, done.books());
    return done.answer();
  }

  /**
   * What one request computed: its inference-log lines and its answer, sent once the lines are
   * durable.
   */
  private record Computed(Instant at, byte[] logLines, byte[] answer, int books) {}

  private Computed compute(
      String name, JsonObject body, Optional<GoldSnapshot> snapshot, String caller) {
    List<BookInput> books =
        BookInputs.parse(
            body, vectorizers.get(name), sources.get(name), lookup(snapshot), maxBatch);
    ServedModel model = models.acquire(name);
    try {
      float[][] rows = new float[books.size()][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = books.get(i).features();
      }
      float[] out = model.predict(rows);
      String requestId = UUID.randomUUID().toString();
      Instant at = Instant.now();
      return new Computed(
          at,
          logLines(model, books, out, requestId, at, caller),
          response(model, books, out, requestId),
          books.size());
    } finally {
      model.release();
    }
  }

  static byte[] response(ServedModel model, List<BookInput> books, float[] out, String requestId) {
    String name = model.version().name();
    int k = model.outputsPerRow();
    List<Integer> classes = model.target().classes();
    JsonOut json = new JsonOut(64 + books.size() * (model.classifier() ? 160 : 48)).beginObject();
    json.name("model").value(name).name("version").value(model.version().version());
    json.name("request_id").value(requestId);
    json.name("predictions").beginArray();
    for (int i = 0; i < books.size(); i++) {
      json.beginObject();
      if (books.get(i).id() != null) {
        json.name("id").value(books.get(i).id());
      }
      if (model.classifier()) {
        json.name(name).value(classes.get(argmax(out, i * k, k)));
        json.name("probabilities").beginObject();
        for (int c = 0; c < k; c++) {
          json.name(Integer.toString(classes.get(c)));
          number(json, out[i * k + c]);
        }
        json.endObject();
      } else {
        json.name(name);
        number(json, out[i]);
      }
      // Only when some are missing: a complete book's answer is what it always was.
      List<String> missing = books.get(i).missing();
      if (!missing.isEmpty()) {
        json.name(MISSING_FEATURES).value(missing);
      }
      json.endObject();
    }
    return json.endArray().endObject().toBytes();
  }

  /** One NDJSON line per book, in the inference log's format ({@link InferenceLogFormat}). */
  static byte[] logLines(
      ServedModel model,
      List<BookInput> books,
      float[] out,
      String requestId,
      Instant at,
      String caller) {
    return InferenceLogFormat.encode(logRecords(model, books, out, requestId, at, caller));
  }

  /** What the inference log records of each book of a request. */
  static List<InferenceRecord> logRecords(
      ServedModel model,
      List<BookInput> books,
      float[] out,
      String requestId,
      Instant at,
      String caller) {
    int k = model.outputsPerRow();
    List<Integer> classes = model.target().classes();
    List<InferenceRecord> records = new ArrayList<>(books.size());
    for (int i = 0; i < books.size(); i++) {
      BookInput b = books.get(i);
      boolean classifier = model.classifier();
      records.add(
          new InferenceRecord(
              requestId,
              at,
              model.version().name(),
              model.version().version(),
              b.id(),
              b.inputs(),
              b.features(),
              classifier ? (float) classes.get(argmax(out, i * k, k)) : out[i],
              classifier ? Arrays.copyOfRange(out, i * k, i * k + k) : null,
              caller));
    }
    return records;
  }

  static int argmax(float[] out, int from, int k) {
    int best = 0;
    for (int c = 1; c < k; c++) {
      if (out[from + c] > out[from + best]) {
        best = c;
      }
    }
    return best;
  }

  // Float.toString is the shortest text that reads back to the same float; going through
  // double would print float noise (0.10000000149011612).
  private static void number(JsonOut out, float f) {
    out.raw(Float.toString(f).getBytes(StandardCharsets.US_ASCII));
  }

  private static Function<String, Optional<Map<String, Object>>> lookup(
      Optional<GoldSnapshot> snapshot) {
    return id -> {
      GoldSnapshot s =
          snapshot.orElseThrow(
              () ->
                  ProblemException.unavailable(
                      "Cannot look up book "
                          + id
                          + ": no gold snapshot is loaded (send the feature columns instead)"));
      return s.catalog().find(id).map(Predictions::columns);
    };
  }

  /** A book's gold.books columns from its precomputed row JSON. */
  static Map<String, Object> columns(Book book) {
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(book.json()))) {
      JsonObject row = reader.readObject();
      Map<String, Object> out = new HashMap<>();
      row.forEach((k, v) -> out.put(k, BookInputs.toJava(v)));
      return out;
    }
  }
}
