package dev.bookslake.schemas.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The feature contract: the ML features of a book, in vector order, with their encodings and
 * allowed ranges, plus the targets and the features each target must not see. It is read from
 * {@value #RESOURCE} on the classpath, so the pipelines, the trainer and the API share one copy.
 *
 * <pre>{@code
 * FeatureContract contract = FeatureContract.load();
 * String hash = contract.hash();                       // record it beside every model
 * FeatureVectorizer forPrice = contract.vectorizer("price");
 * float[] x = forPrice.vectorise(Map.of(
 *     "rating", 4, "review_count", 0, "stock_count", 19, "in_stock", true,
 *     "description_length", 740, "title_word_count", 3, "days_since_first_seen", 0,
 *     "category", "Travel"));
 * forPrice.featureNames();                             // the column name of each x[i]
 * }</pre>
 */
public final class FeatureContract implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where the contract lives on the classpath. */
  public static final String RESOURCE = "/bookslake/features/feature-contract.json";

  private final String name;
  private final int version;
  private final String sourceTable;
  private final List<Feature> features;
  private final List<Target> targets;
  private final String hash;

  FeatureContract(
      String name,
      int version,
      String sourceTable,
      List<Feature> features,
      List<Target> targets,
      String hash) {
    this.name = name;
    this.version = version;
    this.sourceTable = sourceTable;
    this.features = List.copyOf(features);
    this.targets = List.copyOf(targets);
    this.hash = hash;
  }

  /** The contract shipped in this build. */
  public static FeatureContract load() {
    try (InputStream in = FeatureContract.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Cannot load feature contract: " + RESOURCE + " is not on the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read feature contract: " + RESOURCE, e);
    }
  }

  /**
   * A contract from its JSON text, checked for coherence (known types and encodings, ranges, unique
   * column names, leakage rules).
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static FeatureContract parse(String json) {
    return ContractJson.parse(json);
  }

  public String name() {
    return name;
  }

  public int version() {
    return version;
  }

  /** The table whose columns the features read, {@code gold.books}. */
  public String sourceTable() {
    return sourceTable;
  }

  /**
   * sha256 (lower-case hex) of the canonical contract: independent of whitespace, key order and
   * descriptions; different whenever a feature, encoding, range, vocabulary or target changes.
   */
  public String hash() {
    return hash;
  }

  /** Every feature, in vector order. */
  public List<Feature> features() {
    return features;
  }

  /** The features a model of the target may see, in vector order. */
  public List<Feature> features(String target) {
    List<String> excluded = target(target).excludes();
    return features.stream().filter(f -> !excluded.contains(f.name())).toList();
  }

  /** A feature by name. */
  public Feature feature(String name) {
    return features.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("Cannot find feature in contract: " + name));
  }

  /** The column name of every vector position (one-hot features expanded), in order. */
  public List<String> featureNames() {
    return features.stream().flatMap(f -> f.columns().stream()).toList();
  }

  /** The column names a model of the target sees, in order. */
  public List<String> featureNames(String target) {
    return features(target).stream().flatMap(f -> f.columns().stream()).toList();
  }

  public List<Target> targets() {
    return targets;
  }

  /** A target by name, e.g. {@code rating} or {@code price}. */
  public Target target(String name) {
    return targets.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("Cannot find target in feature contract: " + name));
  }

  /** A vectorizer producing every feature; what {@code gold.features} stores. */
  public FeatureVectorizer vectorizer() {
    return new FeatureVectorizer(features, null);
  }

  /** A vectorizer producing only the features a model of the target may see. */
  public FeatureVectorizer vectorizer(String target) {
    return new FeatureVectorizer(features(target), target(target));
  }

  @Override
  public String toString() {
    return "FeatureContract["
        + name
        + " v"
        + version
        + ", "
        + featureNames().size()
        + " columns, "
        + hash.substring(0, 12)
        + "]";
  }
}
