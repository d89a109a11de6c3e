package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.serving.problem.ProblemException;
import jakarta.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A server configured with fewer models answers a prediction with another one as a 404. */
class UnknownModelTest {
  @Test
  void predictingWithAModelNotInMlModelsIs404() throws Exception {
    Path lake = TestLakes.newFolder("one-model");
    // A list is replaced whole from a --config file (a flat key like ml.models.0 replaces one
    // element).
    Path file = Files.writeString(lake.resolve("serve.yaml"), "ml:\n  models: [rating]\n");
    try (Components components =
        Components.create(
            Main.config(Map.of("lake.root", lake.toString()), file, Map.of()), false)) {
      assertThat(components.models().names()).containsExactly("rating");
      assertThatThrownBy(
              () ->
                  components
                      .predictions()
                      .predict(
                          "price",
                          Json.createObjectBuilder().add("id", "1").build(),
                          Optional.empty()))
          .isInstanceOfSatisfying(
              ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(404))
          .hasMessage("Cannot predict with unknown model: price");
    }
  }
}
