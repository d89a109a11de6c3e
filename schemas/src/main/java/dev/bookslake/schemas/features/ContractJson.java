package dev.bookslake.schemas.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads the contract's JSON, checks it is coherent, and computes its canonical hash. */
final class ContractJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]*");

  private ContractJson() {}

  static FeatureContract parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid("it is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw invalid("it is not a JSON object");
    }
    List<Feature> features = new ArrayList<>();
    for (JsonNode node : array(root, "features", "the contract")) {
      features.add(feature(node, features.size()));
    }
    if (features.isEmpty()) {
      throw invalid("it lists no features");
    }
    List<Target> targets = new ArrayList<>();
    for (JsonNode node : array(root, "targets", "the contract")) {
      targets.add(target(node, targets.size()));
    }
    checkUnique(features, targets);
    for (Target target : targets) {
      checkLeakage(target, features);
    }
    return new FeatureContract(
        text(root, "name", "the contract"),
        integer(root, "version", "the contract"),
        text(root, "source_table", "the contract"),
        features,
        targets,
        hash(root));
  }

  private static Feature feature(JsonNode node, int index) {
    String where = "feature #" + (index + 1);
    String name = text(node, "name", where);
    where = "feature " + name;
    FeatureType type =
        parseEnum(
            () -> FeatureType.fromJson(text(node, "type", "feature " + name)), "feature " + name);
    Encoding encoding =
        parseEnum(
            () -> Encoding.fromJson(text(node, "encoding", "feature " + name)), "feature " + name);
    List<String> sources = strings(node, "sources", where);
    if (sources.size() != 1) {
      throw invalid(
          where
              + ": encoding "
              + encoding.jsonName()
              + " reads exactly one source column, got "
              + sources.size());
    }
    boolean allowed =
        switch (type) {
          case NUMERIC, TEXT_DERIVED -> encoding == Encoding.IDENTITY || encoding == Encoding.LOG1P;
          case BOOLEAN -> encoding == Encoding.BOOL01;
          case CATEGORICAL -> encoding == Encoding.ONE_HOT;
        };
    if (!allowed) {
      throw invalid(
          where + ": type " + type.jsonName() + " cannot use encoding " + encoding.jsonName());
    }
    Double min = null;
    Double max = null;
    List<String> vocabulary = List.of();
    String other = null;
    if (type == FeatureType.NUMERIC || type == FeatureType.TEXT_DERIVED) {
      min = number(node, "min", where);
      max = number(node, "max", where);
      if (min > max) {
        throw invalid(where + ": min " + Values.plain(min) + " is above max " + Values.plain(max));
      }
      if (encoding == Encoding.LOG1P && min < 0) {
        throw invalid(where + ": log1p needs min >= 0, got " + Values.plain(min));
      }
    }
    if (encoding == Encoding.ONE_HOT) {
      vocabulary = strings(node, "vocabulary", where);
      other = text(node, "other", where);
      if (!vocabulary.contains(other)) {
        throw invalid(where + ": its vocabulary lacks the other bucket " + other);
      }
      Set<String> slugs = new HashSet<>();
      for (String category : vocabulary) {
        if (Feature.slug(category).isEmpty() || !slugs.add(Feature.slug(category))) {
          throw invalid(where + ": vocabulary entry has an empty or duplicate slug: " + category);
        }
      }
    }
    return new Feature(
        name,
        type,
        encoding,
        sources,
        min,
        max,
        vocabulary,
        other,
        optionalText(node, "description"));
  }

  private static Target target(JsonNode node, int index) {
    String name = text(node, "name", "target #" + (index + 1));
    String where = "target " + name;
    Task task = parseEnum(() -> Task.fromJson(text(node, "task", where)), where);
    List<Integer> classes = List.of();
    Double min = null;
    Double max = null;
    if (task == Task.CLASSIFICATION) {
      classes = new ArrayList<>();
      for (JsonNode c : array(node, "classes", where)) {
        if (!c.canConvertToInt() || !c.isIntegralNumber()) {
          throw invalid(where + ": class is not an integer: " + c);
        }
        classes.add(c.intValue());
      }
      if (classes.isEmpty() || new HashSet<>(classes).size() != classes.size()) {
        throw invalid(where + ": classes must be non-empty and distinct: " + classes);
      }
    } else {
      min = number(node, "min", where);
      max = number(node, "max", where);
    }
    return new Target(
        name,
        task,
        text(node, "source", where),
        classes,
        min,
        max,
        strings(node, "leaky_columns", where),
        strings(node, "excludes", where),
        optionalText(node, "description"));
  }

  private static void checkUnique(List<Feature> features, List<Target> targets) {
    Set<String> names = new HashSet<>();
    Set<String> columns = new HashSet<>();
    for (Feature feature : features) {
      if (!names.add(feature.name())) {
        throw invalid("feature " + feature.name() + " is listed twice");
      }
      for (String column : feature.columns()) {
        if (!COLUMN.matcher(column).matches() || !columns.add(column)) {
          throw invalid(
              "feature "
                  + feature.name()
                  + ": column name is not snake_case or not unique: "
                  + column);
        }
      }
    }
    Set<String> targetNames = new HashSet<>();
    for (Target target : targets) {
      if (!targetNames.add(target.name())) {
        throw invalid("target " + target.name() + " is listed twice");
      }
    }
  }

  private static void checkLeakage(Target target, List<Feature> features) {
    Set<String> featureNames = new HashSet<>();
    features.forEach(f -> featureNames.add(f.name()));
    for (String excluded : target.excludes()) {
      if (!featureNames.contains(excluded)) {
        throw invalid("target " + target.name() + " excludes unknown feature " + excluded);
      }
    }
    Set<String> leaky = new HashSet<>(target.leakyColumns());
    leaky.add(target.source());
    for (Feature feature : features) {
      for (String source : feature.sources()) {
        if (leaky.contains(source) && !target.excludes().contains(feature.name())) {
          throw invalid(
              "feature "
                  + feature.name()
                  + " reads "
                  + source
                  + ", which reveals target "
                  + target.name()
                  + ", but the target does not exclude it");
        }
      }
    }
  }

  /**
   * sha256 of the canonical form: object keys sorted, no whitespace, numbers without trailing
   * zeros, and every {@code description} left out, so rewording a description keeps models valid
   * while any change to what a vector holds does not.
   */
  static String hash(JsonNode root) {
    StringBuilder canonical = new StringBuilder();
    writeCanonical(root, canonical);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash feature contract: no SHA-256 in this JVM", e);
    }
  }

  private static void writeCanonical(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getKey().equals("description")) {
          sorted.put(field.getKey(), field.getValue());
        }
      }
      out.append('{');
      String separator = "";
      for (Map.Entry<String, JsonNode> field : sorted.entrySet()) {
        out.append(separator);
        writeString(field.getKey(), out);
        out.append(':');
        writeCanonical(field.getValue(), out);
        separator = ",";
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeCanonical(node.get(i), out);
      }
      out.append(']');
    } else if (node.isNumber()) {
      BigDecimal number = node.decimalValue().stripTrailingZeros();
      out.append(number.signum() == 0 ? "0" : number.toPlainString());
    } else if (node.isTextual()) {
      writeString(node.textValue(), out);
    } else {
      out.append(node.toString());
    }
  }

  private static void writeString(String value, StringBuilder out) {
    try {
      out.append(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write string as JSON: " + value, e);
    }
  }

  private static Iterable<JsonNode> array(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw invalid(where + " needs an array \"" + field + "\"");
    }
    return value;
  }

  private static List<String> strings(JsonNode node, String field, String where) {
    List<String> values = new ArrayList<>();
    for (JsonNode value : array(node, field, where)) {
      if (!value.isTextual()) {
        throw invalid(where + ": \"" + field + "\" holds a non-string: " + value);
      }
      values.add(value.textValue());
    }
    return values;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      throw invalid(where + " needs a string \"" + field + "\"");
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() ? "" : value.textValue();
  }

  private static int integer(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
      throw invalid(where + " needs an integer \"" + field + "\"");
    }
    return value.intValue();
  }

  private static double number(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber()) {
      throw invalid(where + " needs a number \"" + field + "\"");
    }
    return value.doubleValue();
  }

  private static <T> T parseEnum(java.util.function.Supplier<T> parser, String where) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith("Cannot load feature contract")) {
        throw e;
      }
      throw invalid(where + ": " + e.getMessage());
    }
  }

  private static IllegalArgumentException invalid(String reason) {
    return new IllegalArgumentException("Cannot load feature contract: " + reason);
  }
}
