package dev.bookslake.serving.external;

import dev.bookslake.lake.DurableFiles;
import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.problem.ProblemException;
import dev.bookslake.serving.snapshot.Book;
import dev.bookslake.serving.snapshot.Catalog;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Predictions made outside bookslake (a data scientist's own model), stored in the lake and scored
 * against the actual gold values. A submission is one NDJSON file, written aside, forced and
 * renamed into place ({@link DurableFiles#write}), so readers (this class, DuckDB) see all of it or
 * none:
 *
 * <pre>
 * &lt;lake&gt;/logs/external_predictions/dt=2026-01-02/&lt;submission id&gt;.jsonl
 * SELECT model, count(*) FROM read_json_auto('lake/warehouse/logs/external_predictions/*&#47;*.jsonl') GROUP BY ALL;
 * </pre>
 */
public final class ExternalPredictions {
  /** The model name used when a submission names none. */
  public static final String DEFAULT_MODEL = "external";

  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Set<String> ROW_FIELDS = Set.of("id", "predicted_rating", "predicted_price");
  private static final Set<String> WRAPPER_FIELDS = Set.of("model", "predictions");
  private static final double MIN_RATING = 1;
  private static final double MAX_RATING = 5;
  private static final double MAX_PRICE = 100_000;

  private static final System.Logger LOG = System.getLogger(ExternalPredictions.class.getName());

  private final Path root;
  private final int maxRows;
  private final AtomicLong unreadableLines = new AtomicLong();

  /**
   * @param root the folder of the submissions, {@code <lake>/logs/external_predictions}
   * @param maxRows predictions one submission may hold
   */
  public ExternalPredictions(Path root, int maxRows) {
    this.root = root;
    this.maxRows = maxRows;
  }

  public Path root() {
    return root;
  }

  /** What a submission stored. */
  public record Submission(
      String id, String model, String submitter, String submittedAt, int count, Path file) {
    /** The 201 answer. */
    public byte[] toJson() {
      return new JsonOut(256)
          .beginObject()
          .name("submission_id")
          .value(id)
          .name("model")
          .value(model)
          .name("submitter")
          .value(submitter)
          .name("submitted_at")
          .value(submittedAt)
          .name("count")
          .value(count)
          .endObject()
          .toBytes();
    }
  }

  /**
   * Checks and stores a submission: an array of {@code {"id", "predicted_rating" and/or
   * "predicted_price"}}, or {@code {"model": ..., "predictions": [...]}}.
   *
   * @param queryModel the {@code ?model=} parameter, if given
   * @throws ProblemException 400 naming the row and field for bad input, 413 past the row limit
   */
  public Submission submit(JsonValue body, String queryModel, String submitter, Catalog catalog) {
    String model = queryModel;
    JsonValue rows = body;
    if (body instanceof JsonObject wrapper) {
      Set<String> unknown = new TreeSet<>(wrapper.keySet());
      unknown.removeAll(WRAPPER_FIELDS);
      if (!unknown.isEmpty()) {
        throw ProblemException.invalidItem(
            "body",
            "Cannot use unknown fields: "
                + String.join(", ", unknown)
                + " (send an array of predictions or {\"model\": ..., \"predictions\": [...]})");
      }
      String bodyModel = wrapper.get("model") instanceof JsonString s ? s.getString() : null;
      if (wrapper.containsKey("model") && bodyModel == null) {
        throw ProblemException.invalidItem(
            "model", "Cannot use model " + wrapper.get("model") + ": expected a string");
      }
      if (bodyModel != null && model != null && !bodyModel.equals(model)) {
        throw ProblemException.invalidItem(
            "model", "Cannot use two model names: " + model + " and " + bodyModel);
      }
      model = model != null ? model : bodyModel;
      rows = wrapper.get("predictions");
    }
    model = checkModel(model == null ? DEFAULT_MODEL : model);
    if (!(rows instanceof JsonArray array)) {
      throw ProblemException.invalidItem(
          "predictions", "Cannot read predictions: expected an array");
    }
    if (array.isEmpty()) {
      throw ProblemException.invalidItem(
          "predictions", "Cannot store an empty submission: give at least one prediction");
    }
    if (array.size() > maxRows) {
      throw ProblemException.batchTooLarge("store", maxRows, array.size());
    }
    String id = UUID.randomUUID().toString();
    Instant at = Instant.now();
    List<StoredPrediction> parsed = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      parsed.add(
          row(
              array.get(i),
              "predictions[" + i + "]",
              id,
              at.toString(),
              submitter,
              model,
              catalog));
    }
    Path file = write(LocalDate.ofInstant(at, ZoneOffset.UTC), id, parsed);
    return new Submission(id, model, submitter, at.toString(), parsed.size(), file);
  }

  /**
   * Every stored prediction of a model, oldest submission first. A line that cannot be read (a file
   * damaged in the lake) is skipped, counted and logged, not a failed request.
   */
  public List<StoredPrediction> read(String model) {
    List<StoredPrediction> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(root, 2)) {
      for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).toList()) {
        readSubmission(file, model, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read external predictions: " + root, e);
    }
    // Files of one day are named by random submission id: order by the time stored instead.
    out.sort(Comparator.comparing((StoredPrediction p) -> Instant.parse(p.submittedAt())));
    return out;
  }

  /** Lines of stored predictions that could not be read since start. */
  public long unreadableLines() {
    return unreadableLines.get();
  }

  // A submission is one model's: its first readable line says whether the rest is worth parsing.
  private void readSubmission(Path file, String model, List<StoredPrediction> out)
      throws IOException {
    int unreadable = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        Optional<StoredPrediction> p = parse(line);
        if (p.isEmpty()) {
          unreadable++;
        } else if (!p.get().model().equals(model)) {
          break;
        } else {
          out.add(p.get());
        }
      }
    }
    if (unreadable > 0) {
      unreadableLines.addAndGet(unreadable);
      LOG.log(
          Level.WARNING,
          "Skipping {0} unreadable lines of external predictions in {1}",
          unreadable,
          file);
    }
  }

  /** The score of a model's stored predictions against a catalogue; 404 when it has none. */
  public Score score(String model, Catalog catalog) {
    List<StoredPrediction> stored = read(checkModel(model));
    if (stored.isEmpty()) {
      throw ProblemException.notFound("external predictions of model", model);
    }
    return Score.of(model, stored, catalog::byUpc);
  }

  private static String checkModel(String model) {
    if (!MODEL.matcher(model).matches()) {
      throw ProblemException.invalidParameter(
          "model", model, "must be 1 to 64 letters, digits, '_', '.' or '-'");
    }
    return model;
  }

  private static StoredPrediction row(
      JsonValue value,
      String path,
      String id,
      String at,
      String submitter,
      String model,
      Catalog catalog) {
    if (!(value instanceof JsonObject row)) {
      throw ProblemException.invalidItem(path, "Cannot read prediction: expected an object");
    }
    Set<String> unknown = new TreeSet<>(row.keySet());
    unknown.removeAll(ROW_FIELDS);
    if (!unknown.isEmpty()) {
      throw ProblemException.invalidItem(
          path + "." + String.join(",", unknown),
          "Cannot use unknown fields: "
              + String.join(", ", unknown)
              + " (use id, predicted_rating, predicted_price)");
    }
    String bookId =
        switch (row.get("id")) {
          case JsonString s -> s.getString();
          case JsonNumber n when n.isIntegral() -> n.bigIntegerValue().toString();
          case null ->
              throw ProblemException.invalidItem(path + ".id", "Cannot find required field: id");
          default ->
              throw ProblemException.invalidItem(
                  path + ".id", "Cannot use id " + row.get("id") + ": expected a UPC or site id");
        };
    Book book =
        catalog
            .find(bookId)
            .orElseThrow(
                () -> ProblemException.missingItem(path + ".id", "Cannot find book: " + bookId));
    Double rating = number(row, "predicted_rating", path, MIN_RATING, MAX_RATING);
    Double price = number(row, "predicted_price", path, 0, MAX_PRICE);
    if (rating == null && price == null) {
      throw ProblemException.invalidItem(
          path, "Cannot store a prediction without predicted_rating or predicted_price");
    }
    return new StoredPrediction(id, at, submitter, model, bookId, book.upc(), rating, price);
  }

  private static Double number(JsonObject row, String field, String path, double min, double max) {
    JsonValue v = row.get(field);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (!(v instanceof JsonNumber n)) {
      throw ProblemException.invalidItem(
          path + "." + field, "Cannot use " + field + " " + v + ": expected a number");
    }
    double x = n.doubleValue();
    if (!(x >= min && x <= max)) {
      throw ProblemException.invalidItem(
          path + "." + field,
          "Cannot use " + field + " " + n + ": must be from " + plain(min) + " to " + plain(max));
    }
    return x;
  }

  private static String plain(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }

  private Path write(LocalDate dt, String id, List<StoredPrediction> rows) {
    JsonOut out = new JsonOut(rows.size() * 256);
    for (StoredPrediction p : rows) {
      out.raw(
          new JsonOut(256)
              .beginObject()
              .name("submission_id")
              .value(p.submissionId())
              .name("submitted_at")
              .value(p.submittedAt())
              .name("submitter")
              .value(p.submitter())
              .name("model")
              .value(p.model())
              .name("book_id")
              .value(p.bookId())
              .name("upc")
              .value(p.upc())
              .name("predicted_rating")
              .value(p.predictedRating())
              .name("predicted_price")
              .value(p.predictedPrice())
              .endObject()
              .toBytes());
      out.raw(new byte[] {'\n'});
    }
    Path file = root.resolve("dt=" + dt).resolve(id + ".jsonl");
    try {
      DurableFiles.write(file, out.toBytes());
      return file;
    } catch (IOException e) {
      throw ProblemException.unavailable("Cannot store external predictions: " + e.getMessage());
    }
  }

  private static Optional<StoredPrediction> parse(String line) {
    try (JsonReader reader = Json.createReader(new StringReader(line))) {
      JsonObject o = reader.readObject();
      Instant.parse(o.getString("submitted_at"));
      return Optional.of(
          new StoredPrediction(
              o.getString("submission_id"),
              o.getString("submitted_at"),
              o.getString("submitter"),
              o.getString("model"),
              o.getString("book_id"),
              o.getString("upc"),
              o.isNull("predicted_rating")
                  ? null
                  : o.getJsonNumber("predicted_rating").doubleValue(),
              o.isNull("predicted_price")
                  ? null
                  : o.getJsonNumber("predicted_price").doubleValue()));
    } catch (JsonException | NullPointerException | ClassCastException | DateTimeParseException e) {
      // Torn or hand-edited: not JSON, a field missing (NPE), of another type (CCE) or a bad time.
      return Optional.empty();
    }
  }
}
