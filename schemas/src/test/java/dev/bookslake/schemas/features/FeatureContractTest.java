package dev.bookslake.schemas.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FeatureContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static String shippedJson() throws IOException {
    try (InputStream in = FeatureContract.class.getResourceAsStream(FeatureContract.RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The shipped contract's JSON with one edit applied. */
  static String edited(Consumer<ObjectNode> edit) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(shippedJson());
    edit.accept(root);
    return JSON.writeValueAsString(root);
  }

  static ObjectNode feature(ObjectNode root, String name) {
    for (var node : root.get("features")) {
      if (node.get("name").asText().equals(name)) {
        return (ObjectNode) node;
      }
    }
    throw new AssertionError("no feature " + name);
  }

  static ObjectNode target(ObjectNode root, String name) {
    for (var node : root.get("targets")) {
      if (node.get("name").asText().equals(name)) {
        return (ObjectNode) node;
      }
    }
    throw new AssertionError("no target " + name);
  }

  @Test
  void loadsTheShippedContractWithTheRealCategoryVocabulary() {
    FeatureContract contract = FeatureContract.load();

    assertThat(contract.sourceTable()).isEqualTo("gold.books");
    assertThat(contract.featureNames())
        .as("8 scalar features + 50 categories + __other__")
        .hasSize(59);
    assertThat(contract.featureNames().subList(0, 9))
        .containsExactly(
            "price_excl_tax",
            "rating",
            "review_count",
            "stock_count",
            "in_stock",
            "description_length",
            "title_word_count",
            "days_since_first_seen",
            "category__travel");
    assertThat(contract.featureNames())
        .contains("category__sports_and_games", "category__add_a_comment")
        .endsWith("category__crime", "category__other");
    assertThat(contract.feature("category").vocabulary())
        .hasSize(51)
        .startsWith("Travel")
        .endsWith("__other__");
    assertThat(contract.targets()).extracting(Target::name).containsExactly("rating", "price");
  }

  @Test
  void hashIsStableAcrossLoadsAndIndependentOfFormatting() throws IOException {
    String hash = FeatureContract.load().hash();
    ObjectNode root = (ObjectNode) JSON.readTree(shippedJson());
    ObjectNode reordered = JSON.createObjectNode();
    var names = new java.util.ArrayList<String>();
    root.fieldNames().forEachRemaining(names::add);
    java.util.Collections.reverse(names);
    names.forEach(n -> reordered.set(n, root.get(n)));

    assertThat(hash).matches("[0-9a-f]{64}");
    assertThat(FeatureContract.load().hash()).isEqualTo(hash);
    assertThat(FeatureContract.parse(JSON.writeValueAsString(reordered)).hash())
        .as("compact JSON with keys in another order")
        .isEqualTo(hash);
  }

  @Test
  void hashChangesWithWhatAVectorHoldsButNotWithDescriptions() throws IOException {
    String hash = FeatureContract.load().hash();

    String reworded = edited(r -> feature(r, "rating").put("description", "Stars."));
    String widened = edited(r -> feature(r, "rating").put("max", 10));
    String relogged = edited(r -> feature(r, "review_count").put("encoding", "identity"));
    String moreCategories =
        edited(r -> ((ArrayNode) feature(r, "category").get("vocabulary")).insert(0, "Cookery"));

    assertThat(FeatureContract.parse(reworded).hash()).isEqualTo(hash);
    assertThat(FeatureContract.parse(widened).hash()).isNotEqualTo(hash);
    assertThat(FeatureContract.parse(relogged).hash()).isNotEqualTo(hash);
    assertThat(FeatureContract.parse(moreCategories).hash()).isNotEqualTo(hash);
  }

  @Test
  void eachTargetExcludesTheFeaturesThatRevealIt() {
    FeatureContract contract = FeatureContract.load();

    assertThat(contract.featureNames("rating"))
        .doesNotContain("rating")
        .contains("price_excl_tax")
        .hasSize(58);
    assertThat(contract.featureNames("price"))
        .doesNotContain("price_excl_tax")
        .contains("rating")
        .hasSize(58);
    Set<String> priceColumns = new HashSet<>(contract.target("price").leakyColumns());
    assertThat(priceColumns).contains("price_excl_tax", "price_incl_tax", "tax", "price_band");
    assertThat(contract.features("price"))
        .as("no price model feature reads a price column")
        .allSatisfy(f -> assertThat(f.sources()).doesNotContainAnyElementsOf(priceColumns));
  }

  @Test
  void refusesAFeatureThatReadsALeakyColumnWithoutBeingExcluded() throws IOException {
    String leaky = edited(r -> target(r, "price").putArray("excludes"));

    assertThatThrownBy(() -> FeatureContract.parse(leaky))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load feature contract: feature price_excl_tax reads price_excl_tax,"
                + " which reveals target price, but the target does not exclude it");
  }

  @Test
  void refusesIncoherentFeatures() throws IOException {
    String boolAsLog = edited(r -> feature(r, "in_stock").put("encoding", "log1p"));
    String unknownEncoding = edited(r -> feature(r, "rating").put("encoding", "sqrt"));
    String invertedRange = edited(r -> feature(r, "rating").put("min", 9));
    String noOtherBucket = edited(r -> feature(r, "category").put("other", "__missing__"));
    String duplicate =
        edited(r -> ((ArrayNode) r.get("features")).add(feature(r, "rating").deepCopy()));

    assertThatThrownBy(() -> FeatureContract.parse(boolAsLog))
        .hasMessage(
            "Cannot load feature contract: feature in_stock: type boolean cannot use encoding log1p");
    assertThatThrownBy(() -> FeatureContract.parse(unknownEncoding))
        .hasMessage(
            "Cannot load feature contract: feature rating: Cannot parse feature encoding: sqrt");
    assertThatThrownBy(() -> FeatureContract.parse(invertedRange))
        .hasMessage("Cannot load feature contract: feature rating: min 9 is above max 5");
    assertThatThrownBy(() -> FeatureContract.parse(noOtherBucket))
        .hasMessage(
            "Cannot load feature contract: feature category: its vocabulary lacks the other bucket __missing__");
    assertThatThrownBy(() -> FeatureContract.parse(duplicate))
        .hasMessage("Cannot load feature contract: feature rating is listed twice");
    assertThatThrownBy(() -> FeatureContract.parse("[1, 2]"))
        .hasMessage("Cannot load feature contract: it is not a JSON object");
  }

  @Test
  void unknownTargetIsNamed() {
    assertThatThrownBy(() -> FeatureContract.load().vectorizer("genre"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot find target in feature contract: genre");
  }

  @Test
  void survivesJavaSerialisationAsPipelinesShipItToWorkers() throws Exception {
    FeatureContract contract = FeatureContract.load();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(contract.vectorizer("price"));
    }
    FeatureVectorizer copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (FeatureVectorizer) in.readObject();
    }

    assertThat(copy.featureNames()).isEqualTo(contract.featureNames("price"));
    assertThat(copy.vectorise(FeatureVectorizerTest.travelBook()))
        .isEqualTo(contract.vectorizer("price").vectorise(FeatureVectorizerTest.travelBook()));
  }
}
