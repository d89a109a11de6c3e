package dev.bookslake.ml.inference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The inference log's format: the one definition the API writes with and {@code bookslake monitor}
 * reads with.
 *
 * <pre>
 * &lt;lake&gt;/logs/inference/dt=YYYY-MM-DD/part-&lt;startMillis&gt;-&lt;pid&gt;-&lt;n&gt;.jsonl
 * </pre>
 *
 * <p>{@code dt} is the UTC date of the prediction; each writing process names its own segments (its
 * start time and pid, then a counter), so two servers never append to one file. Each segment is
 * NDJSON, one {@link InferenceRecord} per line, members in this order:
 *
 * <pre>
 * {"request_id":"1beafaec-…","at":"2026-01-02T10:15:30.123Z","model":"rating","version":3,"book_id":"1000",
 *  "inputs":{"price_excl_tax":45.17,"category":"Travel",…},"features":[45.17,0.0,2.9957323,…],
 *  "prediction":4,"probabilities":[0.02,0.05,0.13,0.61,0.19]}
 * </pre>
 *
 * <p>Floats are written as {@link Float#toString} writes them (the shortest text that reads back to
 * the same float), a classifier's prediction as a whole number, decimals exactly, and a value that
 * is not finite as null. In {@code features} a null is a <em>missing value</em>: a client left that
 * column out, the model saw NaN there, and NaN is what reads back (JSON has no NaN). {@code inputs}
 * then lacks the column. A line is read back when it has {@code model}, {@code version} and a
 * non-empty {@code features} of numbers and nulls; other members may be missing (null), but one of
 * the wrong type makes the line unreadable. An unreadable line is skipped and counted, never fatal:
 * the API may be writing the last line of a segment while it is read.
 *
 * <pre>{@code
 * byte[] lines = InferenceLogFormat.encode(records);                 // the API, before its fsync
 * InferenceLogFormat.read(InferenceLogFormat.root(lake.root()), dt, record -> ...);   // the monitor
 * }</pre>
 */
public final class InferenceLogFormat {
  /** The log's folder under the lake root, unless the API is configured otherwise. */
  public static final String FOLDER = "logs/inference";

  /** How every segment's name ends. */
  public static final String SEGMENT_SUFFIX = ".jsonl";

  static final String REQUEST_ID = "request_id";
  static final String AT = "at";
  static final String MODEL = "model";
  static final String VERSION = "version";
  static final String BOOK_ID = "book_id";
  static final String INPUTS = "inputs";
  static final String FEATURES = "features";
  static final String PREDICTION = "prediction";
  static final String PROBABILITIES = "probabilities";
  static final String CALLER = "caller";

  private static final String PARTITION_PREFIX = "dt=";
  private static final String SEGMENT_PREFIX = "part-";
  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          // Lines are separated by the newline written after each record, not by Jackson's space.
          .rootValueSeparator((String) null)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();
  // Decimals keep their text: 26.40 reads back as 26.40, not as the double 26.399999999999998579…
  // nor (Jackson's default node factory) stripped to 26.4.
  private static final ObjectMapper READER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private InferenceLogFormat() {}

  /**
   * What reading one {@code dt} of the log found.
   *
   * @param records lines read back
   * @param skipped lines that did not parse or lacked model, version or features
   * @param files segments read
   */
  public record ReadSummary(long records, long skipped, int files) {}

  /** The log's default folder for a lake: {@code <lake root>/}{@value #FOLDER}. */
  public static Path root(Path lakeRoot) {
    return lakeRoot.resolve(FOLDER);
  }

  /** The partition a prediction made at {@code at} belongs to: its UTC date. */
  public static LocalDate dt(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  /** The folder of one {@code dt}'s segments. */
  public static Path partition(Path logRoot, LocalDate dt) {
    return logRoot.resolve(PARTITION_PREFIX + dt);
  }

  /** The day a partition folder holds ({@code dt=YYYY-MM-DD}), or empty for any other name. */
  public static Optional<LocalDate> partitionDate(Path folder) {
    String name = folder.getFileName().toString();
    if (!name.startsWith(PARTITION_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(name.substring(PARTITION_PREFIX.length())));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * A segment's file name, {@code part-<startMillis>-<pid>-<n>.jsonl}.
   *
   * @param startMillis when the writing process started its log, so a restart never reuses a name
   * @param pid the writing process, so two servers never share a file
   * @param n the writer's segment counter
   */
  public static String segmentName(long startMillis, long pid, int n) {
    return SEGMENT_PREFIX + startMillis + "-" + pid + "-" + n + SEGMENT_SUFFIX;
  }

  /** Whether a file is a segment of the log. */
  public static boolean isSegment(Path file) {
    return file.getFileName().toString().endsWith(SEGMENT_SUFFIX);
  }

  /** One record as its line, newline included. */
  public static byte[] encode(InferenceRecord record) {
    return encode(List.of(record));
  }

  /** Records as NDJSON: one line each, each ending in a newline, in the given order. */
  public static byte[] encode(List<InferenceRecord> records) {
    ByteArrayBuilder out = new ByteArrayBuilder(Math.max(256, records.size() * 768));
    try (JsonGenerator json = JSON.createGenerator(out)) {
      for (InferenceRecord r : records) {
        json.writeStartObject();
        json.writeStringField(REQUEST_ID, r.requestId());
        json.writeFieldName(AT);
        writeValue(json, r.at() == null ? null : r.at().toString());
        json.writeStringField(MODEL, r.model());
        json.writeNumberField(VERSION, r.version());
        json.writeStringField(BOOK_ID, r.bookId());
        json.writeFieldName(INPUTS);
        writeValue(json, r.inputs());
        json.writeFieldName(FEATURES);
        writeFloats(json, r.features());
        json.writeFieldName(PREDICTION);
        Float p = r.prediction();
        if (r.classifier() && p != null && Float.isFinite(p) && p == Math.rint(p)) {
          // A class: 4, as clients and DuckDB expect, not 4.0.
          json.writeNumber((long) p.floatValue());
        } else {
          writeFloat(json, p);
        }
        json.writeFieldName(PROBABILITIES);
        writeFloats(json, r.probabilities());
        if (r.caller() != null) {
          json.writeStringField(CALLER, r.caller());
        }
        json.writeEndObject();
        json.writeRaw('\n');
      }
    } catch (IOException e) {
      // Writing into memory: only a bug gets here.
      throw new UncheckedIOException("Cannot encode inference log lines: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** One line's record, or empty when the line does not hold one (see the class comment). */
  public static Optional<InferenceRecord> parse(String line) {
    JsonNode node;
    try {
      node = READER.readTree(line);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    JsonNode model = node.get(MODEL);
    JsonNode version = node.get(VERSION);
    float[] features = floats(node.get(FEATURES));
    if (model == null
        || !model.isTextual()
        || version == null
        || !version.canConvertToInt()
        || features == null
        || features.length == 0) {
      return Optional.empty();
    }
    try {
      String at = text(node, AT);
      return Optional.of(
          new InferenceRecord(
              text(node, REQUEST_ID),
              at == null ? null : Instant.parse(at),
              model.textValue(),
              version.intValue(),
              text(node, BOOK_ID),
              inputs(node.get(INPUTS)),
              features,
              optionalFloat(node.get(PREDICTION)),
              optionalFloats(node.get(PROBABILITIES)),
              text(node, CALLER)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads every segment of a {@code dt}, in file-name order, handing each record to {@code each};
   * an absent folder is an empty log.
   *
   * @param logRoot the log's folder ({@link #root} unless the API is configured otherwise)
   * @throws UncheckedIOException when a segment cannot be listed or read
   */
  public static ReadSummary read(Path logRoot, LocalDate dt, Consumer<InferenceRecord> each) {
    Path folder = partition(logRoot, dt);
    if (!Files.isDirectory(folder)) {
      return new ReadSummary(0, 0, 0);
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.filter(InferenceLogFormat::isSegment).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list inference log files: " + folder, e);
    }
    long records = 0;
    long skipped = 0;
    for (Path file : files) {
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (line.isBlank()) {
            continue;
          }
          Optional<InferenceRecord> record = parse(line);
          if (record.isPresent()) {
            records++;
            each.accept(record.get());
          } else {
            skipped++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read inference log file: " + file, e);
      }
    }
    return new ReadSummary(records, skipped, files.size());
  }

  private static void writeFloats(JsonGenerator json, float[] values) throws IOException {
    if (values == null) {
      json.writeNull();
      return;
    }
    json.writeStartArray();
    for (float v : values) {
      writeFloat(json, v);
    }
    json.writeEndArray();
  }

  private static void writeFloat(JsonGenerator json, Float v) throws IOException {
    if (v == null || !Float.isFinite(v)) {
      json.writeNull();
    } else {
      // Float.toString, not through double: 0.1f stays 0.1, not 0.10000000149011612.
      json.writeNumber(Float.toString(v));
    }
  }

  /**
   * Plain Java values as JSON: numbers exact, maps as objects, collections as arrays, the rest as
   * text.
   */
  private static void writeValue(JsonGenerator json, Object v) throws IOException {
    switch (v) {
      case null -> json.writeNull();
      case String s -> json.writeString(s);
      case Boolean b -> json.writeBoolean(b);
      case BigDecimal d -> json.writeNumber(d);
      case BigInteger i -> json.writeNumber(i);
      case Integer i -> json.writeNumber(i.longValue());
      case Long l -> json.writeNumber(l.longValue());
      case Short s -> json.writeNumber(s.longValue());
      case Byte b -> json.writeNumber(b.longValue());
      case Float f -> writeFloat(json, f);
      case Number n -> {
        double d = n.doubleValue();
        if (Double.isFinite(d)) {
          json.writeNumber(d);
        } else {
          json.writeNull();
        }
      }
      case TemporalAccessor t -> json.writeString(t.toString());
      case Map<?, ?> m -> {
        json.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          json.writeFieldName(String.valueOf(e.getKey()));
          writeValue(json, e.getValue());
        }
        json.writeEndObject();
      }
      case Collection<?> c -> {
        json.writeStartArray();
        for (Object o : c) {
          writeValue(json, o);
        }
        json.writeEndArray();
      }
      case Object[] a -> writeValue(json, Arrays.asList(a));
      default -> json.writeString(v.toString());
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("Cannot read " + field + ": not a string");
    }
    return v.textValue();
  }

  /**
   * An array of numbers (null elements read as NaN, a missing value), or null when it is missing or
   * holds anything else.
   */
  private static float[] floats(JsonNode node) {
    if (node == null || !node.isArray()) {
      return null;
    }
    float[] out = new float[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (v.isNull()) {
        out[i] = Float.NaN;
      } else if (v.isNumber()) {
        out[i] = toFloat(v);
      } else {
        return null;
      }
    }
    return out;
  }

  private static float[] optionalFloats(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    float[] out = floats(node);
    if (out == null) {
      throw new IllegalArgumentException("Cannot read probabilities: not an array of numbers");
    }
    return out;
  }

  private static Float optionalFloat(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber()) {
      throw new IllegalArgumentException("Cannot read prediction: not a number");
    }
    return toFloat(node);
  }

  // From the decimal text, rounded once: through double first could round twice.
  private static float toFloat(JsonNode number) {
    return number.decimalValue().floatValue();
  }

  private static Map<String, Object> inputs(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("Cannot read inputs: not an object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) toJava(node);
    return out;
  }

  private static Object toJava(JsonNode node) {
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        out.put(field.getKey(), toJava(field.getValue()));
      }
      return out;
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>(node.size());
      node.forEach(v -> out.add(toJava(v)));
      return out;
    }
    return null;
  }
}
