package dev.bookslake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MalformedSpecTest {

  @Test
  void parsesEveryKey() {
    MalformedSpec spec =
        MalformedSpec.parse("missing-price=3,zero-rating=2,bad-upc=2,duplicate-upc=1");
    assertThat(spec).isEqualTo(new MalformedSpec(3, 2, 2, 1));
    assertThat(spec.total()).isEqualTo(8);
  }

  @Test
  void missingKeysAreZero() {
    assertThat(MalformedSpec.parse("bad-upc=4")).isEqualTo(new MalformedSpec(0, 0, 4, 0));
    assertThat(MalformedSpec.parse("")).isEqualTo(MalformedSpec.none());
    assertThat(MalformedSpec.parse("none").total()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "missing-price=x",
        "missing-price=1.5",
        "missing-price=-1",
        "wrong-title=1",
        "bad-upc",
        "bad-upc=1,bad-upc=2"
      })
  void rejectsBadSpecs(String spec) {
    assertThatThrownBy(() -> MalformedSpec.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot parse malformed spec: " + spec);
  }

  @Test
  void constructorRejectsNegativeCounts() {
    assertThatThrownBy(() -> new MalformedSpec(0, -1, 0, 0))
        .hasMessageStartingWith("Cannot use negative malformed counts");
  }
}
