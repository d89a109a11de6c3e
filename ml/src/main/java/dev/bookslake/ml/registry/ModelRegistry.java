package dev.bookslake.ml.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bookslake.lake.DurableFiles;
import dev.bookslake.lake.Lake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The model registry kept in the lake, next to the data the models were trained on.
 *
 * <pre>
 * &lt;lake&gt;/models/&lt;name&gt;/
 *   1/model.json, 1/metadata.json     one folder per version, written once
 *   2/...
 *   _ALIASES.json                     {"production": 2, "staging": 1}, replaced by atomic rename
 *   _HISTORY.jsonl                    every alias move, appended
 * </pre>
 *
 * <p>A version folder appears by one atomic rename of a complete temporary folder, so readers never
 * see half a model; writers of one model take an exclusive file lock, so two trainings never get
 * the same version. Readers take no lock.
 *
 * <pre>{@code
 * ModelRegistry registry = ModelRegistry.in(Lake.open("lake/warehouse"));
 * ModelVersion v = registry.register("rating", Path.of("/tmp/model.json"), metadata);
 * registry.promote("rating", v.version(), ModelRegistry.PRODUCTION, "alice", "beats v1 on accuracy");
 * ModelVersion live = registry.alias("rating", ModelRegistry.PRODUCTION).orElseThrow();
 * }</pre>
 */
public final class ModelRegistry {
  /** The alias serving and batch prediction follow. */
  public static final String PRODUCTION = "production";

  /** The alias for a candidate under evaluation. */
  public static final String STAGING = "staging";

  /** The aliases a version can be promoted to. */
  public static final List<String> ALIASES = List.of(PRODUCTION, STAGING);

  static final String ALIASES_FILE = "_ALIASES.json";
  static final String HISTORY_FILE = "_HISTORY.jsonl";
  static final String METADATA_FILE = "metadata.json";
  private static final String LOCK_FILE = ".lock";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");

  static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

  private static final System.Logger LOG = System.getLogger(ModelRegistry.class.getName());

  private final Path root;

  private ModelRegistry(Path root) {
    this.root = root;
  }

  /** The registry of a lake: {@code <lake root>/models}. */
  public static ModelRegistry in(Lake lake) {
    return at(lake.root().resolve("models"));
  }

  /** A registry rooted at a folder (created on first registration). */
  public static ModelRegistry at(Path root) {
    return new ModelRegistry(root.toAbsolutePath().normalize());
  }

  /** The registry's folder. */
  public Path root() {
    return root;
  }

  /** The names of the registered models, sorted. */
  public List<String> names() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(root)) {
      return children
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> NAME.matcher(n).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ModelRegistryException("Cannot list models: " + root, e);
    }
  }

  /** Every readable version of a model, oldest first; empty for an unknown model. */
  public List<ModelVersion> versions(String name) {
    return versionNumbers(name).stream()
        .map(v -> readable(name, v))
        .flatMap(Optional::stream)
        .toList();
  }

  private List<Integer> versionNumbers(String name) {
    Path dir = modelDir(name);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children
          .map(p -> p.getFileName().toString())
          .filter(n -> VERSION.matcher(n).matches())
          .map(Integer::parseInt)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ModelRegistryException("Cannot list versions of model: " + name, e);
    }
  }

  /** One version, if registered. */
  public Optional<ModelVersion> version(String name, int version) {
    if (!Files.isRegularFile(
        modelDir(name).resolve(Integer.toString(version)).resolve(METADATA_FILE))) {
      return Optional.empty();
    }
    return Optional.of(read(name, version));
  }

  /** The version an alias points at, if set. */
  public Optional<ModelVersion> alias(String name, String alias) {
    Integer v = aliases(name).get(alias);
    return v == null ? Optional.empty() : version(name, v);
  }

  /** Alias to version for a model; empty when none is set. */
  public Map<String, Integer> aliases(String name) {
    Path file = modelDir(name).resolve(ALIASES_FILE);
    try {
      return JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, Integer>>() {});
    } catch (java.io.FileNotFoundException e) {
      return Map.of();
    } catch (IOException e) {
      if (e.getCause() instanceof NoSuchFileException || !Files.exists(file)) {
        return Map.of();
      }
      throw new ModelRegistryException("Cannot read aliases of model: " + name, e);
    }
  }

  /**
   * Every alias move of a model, oldest first. A torn last line (a promotion killed while it
   * appended) is skipped: that move never reached the aliases file, which is written after it.
   */
  public List<AliasChange> history(String name) {
    Path file = modelDir(name).resolve(HISTORY_FILE);
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelRegistryException("Cannot read promotion history of model: " + name, e);
    }
    List<AliasChange> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(JSON.readValue(line, AliasChange.class));
      } catch (IOException e) {
        if (i == lines.size() - 1) {
          LOG.log(
              System.Logger.Level.WARNING,
              "Skipping torn last line of promotion history: {0}",
              file);
          continue;
        }
        throw new ModelRegistryException(
            "Cannot read promotion history of model: " + name + " (line " + (i + 1) + ")", e);
      }
    }
    return out;
  }

  /**
   * Registers a trained model as the next version of {@code name}: copies the model file and writes
   * the metadata (with the assigned version and time) into a new version folder.
   *
   * @param modelFile an XGBoost {@code .json} or {@code .ubj} file
   */
  public ModelVersion register(String name, Path modelFile, ModelMetadata metadata) {
    checkName(name);
    String fileName =
        modelFile.getFileName().toString().endsWith(".ubj") ? "model.ubj" : "model.json";
    return locked(
        name,
        () -> {
          // From the folder names, so a damaged version still keeps its number.
          int next = versionNumbers(name).stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
          Path tmp = modelDir(name).resolve("_tmp-" + UUID.randomUUID());
          Files.createDirectories(tmp);
          try {
            Files.copy(modelFile, tmp.resolve(fileName));
            ModelMetadata stored =
                metadata
                    .withVersion(next, Instant.now().toString())
                    .withModelFile(
                        fileName, fileName.endsWith(".ubj") ? "xgboost-ubj" : "xgboost-json");
            DurableFiles.sync(tmp.resolve(fileName));
            // Also forces the folder, so the copied model's name is on disk before the folder
            // appears.
            DurableFiles.write(
                tmp.resolve(METADATA_FILE),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(stored));
            // A rename is durable only once its folder is: without that a crash could lose a
            // version
            // folder that an alias already names.
            DurableFiles.move(tmp, modelDir(name).resolve(Integer.toString(next)));
          } finally {
            DurableFiles.deleteTree(tmp);
          }
          return read(name, next);
        });
  }

  /**
   * Points an alias at a version and records the move in the history.
   *
   * @throws ModelRegistryException for an unknown model, version or alias
   */
  public AliasChange promote(String name, int version, String alias, String actor, String reason) {
    checkName(name);
    if (!ALIASES.contains(alias)) {
      throw new ModelRegistryException(
          ModelRegistryException.Kind.INVALID,
          "Cannot promote to unknown alias: " + alias + " (use one of " + ALIASES + ")");
    }
    return locked(
        name,
        () -> {
          if (version(name, version).isEmpty()) {
            throw new ModelRegistryException(
                ModelRegistryException.Kind.NOT_FOUND,
                "Cannot promote unknown model version: " + name + " v" + version);
          }
          return move(name, alias, version, actor, reason, false);
        });
  }

  /**
   * Points an alias at a version only if it still points where the caller last saw it: a
   * compare-and-set under the registry lock, so two trainings that each judged themselves better
   * than the same production model cannot both win.
   *
   * @param expected the version the caller compared against, or null for "no version yet"
   * @return the move, or empty when the alias has moved since (nothing is changed then)
   */
  public Optional<AliasChange> promoteIf(
      String name, int version, String alias, Integer expected, String actor, String reason) {
    checkName(name);
    if (!ALIASES.contains(alias)) {
      throw new ModelRegistryException(
          ModelRegistryException.Kind.INVALID,
          "Cannot promote to unknown alias: " + alias + " (use one of " + ALIASES + ")");
    }
    return locked(
        name,
        () -> {
          if (version(name, version).isEmpty()) {
            throw new ModelRegistryException(
                ModelRegistryException.Kind.NOT_FOUND,
                "Cannot promote unknown model version: " + name + " v" + version);
          }
          if (!java.util.Objects.equals(aliases(name).get(alias), expected)) {
            return Optional.empty();
          }
          return Optional.of(move(name, alias, version, actor, reason, false));
        });
  }

  /**
   * Points {@code production} back at the version it pointed at before its current one. The history
   * is replayed as a stack, so a second rollback goes one further back instead of undoing the
   * first; the stack is then cut back to the version production points at now, so a move recorded
   * in the history whose alias write never landed (a crash between the two) is not mistaken for the
   * current one.
   *
   * @throws ModelRegistryException when there is no earlier production version
   */
  public AliasChange rollback(String name, String actor, String reason) {
    checkName(name);
    return locked(
        name,
        () -> {
          List<Integer> stack = new ArrayList<>();
          for (AliasChange change : history(name)) {
            if (!change.alias().equals(PRODUCTION)) {
              continue;
            }
            if (change.rollback()) {
              if (!stack.isEmpty()) {
                stack.remove(stack.size() - 1);
              }
            } else if (stack.isEmpty() || stack.get(stack.size() - 1) != change.toVersion()) {
              // Re-promoting the version already in production is not a step to roll back over.
              stack.add(change.toVersion());
            }
          }
          Integer current = aliases(name).get(PRODUCTION);
          while (!stack.isEmpty() && !stack.get(stack.size() - 1).equals(current)) {
            stack.remove(stack.size() - 1);
          }
          if (stack.size() < 2) {
            throw new ModelRegistryException(
                ModelRegistryException.Kind.CONFLICT,
                "Cannot roll back model: " + name + " has no earlier production version");
          }
          return move(name, PRODUCTION, stack.get(stack.size() - 2), actor, reason, true);
        });
  }

  /**
   * Records the move in the history, then moves the alias: a crash between the two leaves a history
   * line for a move that did not happen (rollback goes by the alias itself), never an alias move
   * the history does not explain.
   */
  private AliasChange move(
      String name, String alias, int version, String actor, String reason, boolean rollback)
      throws IOException {
    Map<String, Integer> aliases = new LinkedHashMap<>(aliases(name));
    Integer from = aliases.put(alias, version);
    Path dir = modelDir(name);
    AliasChange change =
        new AliasChange(Instant.now().toString(), alias, from, version, actor, reason, rollback);
    appendHistory(dir.resolve(HISTORY_FILE), JSON.writeValueAsString(change) + "\n");
    DurableFiles.write(dir.resolve(ALIASES_FILE), JSON.writeValueAsBytes(new TreeMap<>(aliases)));
    return change;
  }

  /**
   * Appends one line and forces it to disk. A torn tail left by a killed append (no final newline)
   * is cut off first, so the new line never glues onto it. Runs under the registry lock.
   */
  private static void appendHistory(Path file, String line) throws IOException {
    try (FileChannel history =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = history.size();
      long end = size;
      java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
      while (end > 0) {
        one.clear();
        history.read(one, end - 1);
        if (one.get(0) == '\n') {
          break;
        }
        end--;
      }
      if (end < size) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Cutting a torn last line off promotion history: {0}",
            file);
        history.truncate(end);
      }
      history.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), end);
      history.force(true);
    }
  }

  // One damaged metadata.json must not hide every other version (or block the next registration).
  private Optional<ModelVersion> readable(String name, int version) {
    try {
      return Optional.of(read(name, version));
    } catch (ModelRegistryException e) {
      LOG.log(System.Logger.Level.WARNING, e.getMessage());
      return Optional.empty();
    }
  }

  private ModelVersion read(String name, int version) {
    Path dir = modelDir(name).resolve(Integer.toString(version));
    try {
      ModelMetadata metadata =
          JSON.readValue(dir.resolve(METADATA_FILE).toFile(), ModelMetadata.class);
      return new ModelVersion(name, version, dir, metadata);
    } catch (IOException e) {
      throw new ModelRegistryException(
          "Cannot read model metadata: " + dir.resolve(METADATA_FILE), e);
    }
  }

  /** The metadata as the registry writes it, for tools that print it. */
  public static String toJson(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path modelDir(String name) {
    checkName(name);
    return root.resolve(name);
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ModelRegistryException(
          ModelRegistryException.Kind.INVALID,
          "Cannot use model name: " + name + " (lower case letters, digits and _)");
    }
  }

  private interface IoAction<T> {
    T run() throws IOException;
  }

  // The file lock keeps other processes out; FileChannel.lock throws instead of waiting when a
  // thread of this JVM holds it, so threads of one JVM queue on a monitor around the whole update.
  private <T> T locked(String name, IoAction<T> action) {
    Path dir = modelDir(name);
    synchronized (ModelRegistry.class) {
      try {
        Files.createDirectories(dir);
        try (FileChannel channel =
                FileChannel.open(
                    dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = channel.lock()) {
          return action.run();
        }
      } catch (IOException e) {
        throw new ModelRegistryException(
            "Cannot update model registry: " + dir + ": " + e.getMessage(), e);
      }
    }
  }
}
