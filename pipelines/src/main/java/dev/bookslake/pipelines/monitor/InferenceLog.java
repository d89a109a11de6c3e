package dev.bookslake.pipelines.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The API's inference log for one {@code dt}, as the serving side writes it:
 * {@code <lake>/logs/inference/dt=YYYY-MM-DD/*.jsonl}, one JSON object per predicted book with
 * {@code model}, {@code version} and {@code features} (the vector, in the model's metadata
 * {@code featureNames} order). Only those three fields are read here.
 *
 * <p>A line that does not parse, or lacks them, is skipped and counted, never fatal: the API may
 * be writing the last line of a file while the monitor reads it.
 *
 * <pre>{@code
 * InferenceLog.Contents log = InferenceLog.read(lake.root(), LocalDate.parse("2026-01-01"));
 * }</pre>
 */
public final class InferenceLog {
  /** Where the logs live under the lake root. */
  public static final String FOLDER = "logs/inference";
  private static final ObjectMapper JSON = new ObjectMapper();

  private InferenceLog() {}

  /**
   * One logged prediction's inputs.
   *
   * @param model the model's name
   * @param version the version that predicted
   * @param features the vector it saw
   */
  public record Entry(String model, int version, float[] features) {}

  /**
   * What the log of a dt holds.
   *
   * @param entries the lines that parsed
   * @param skipped lines that did not parse or lacked model, version or features
   * @param files the files read
   */
  public record Contents(List<Entry> entries, long skipped, int files) {
    public Contents {
      entries = List.copyOf(entries);
    }
  }

  /** The folder of one dt's log files. */
  public static Path folder(Path lakeRoot, LocalDate dt) {
    return lakeRoot.resolve(FOLDER).resolve("dt=" + dt);
  }

  /**
   * Reads every {@code .jsonl} file of the dt; an absent folder is an empty log.
   *
   * @param logRoot the log's folder ({@code <lake>/}{@value #FOLDER} unless the API is configured otherwise)
   */
  public static Contents read(Path logRoot, LocalDate dt) {
    Path folder = logRoot.resolve("dt=" + dt);
    if (!Files.isDirectory(folder)) {
      return new Contents(List.of(), 0, 0);
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list inference log files: " + folder, e);
    }
    List<Entry> entries = new ArrayList<>();
    long skipped = 0;
    for (Path file : files) {
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (line.isBlank()) {
            continue;
          }
          Entry entry = parse(line);
          if (entry == null) {
            skipped++;
          } else {
            entries.add(entry);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read inference log file: " + file, e);
      }
    }
    return new Contents(entries, skipped, files.size());
  }

  /** One line's entry, or null when it does not hold one. */
  static Entry parse(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode model = node.get("model");
    JsonNode version = node.get("version");
    JsonNode features = node.get("features");
    if (model == null || !model.isTextual() || version == null || !version.canConvertToInt()
        || features == null || !features.isArray() || features.isEmpty()) {
      return null;
    }
    float[] vector = new float[features.size()];
    for (int i = 0; i < vector.length; i++) {
      JsonNode v = features.get(i);
      if (!v.isNumber()) {
        return null;
      }
      vector[i] = v.floatValue();
    }
    return new Entry(model.textValue(), version.intValue(), vector);
  }
}
