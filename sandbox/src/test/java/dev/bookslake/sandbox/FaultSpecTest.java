package dev.bookslake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultSpecTest {

  @Test
  void parsesEveryKey() {
    assertThat(FaultSpec.parse("500=0.05,503=0.02,timeout=0.01,slow=0.05,truncate=0.01,404=0.005"))
        .isEqualTo(new FaultSpec(0.05, 0.02, 0.01, 0.05, 0.01, 0.005));
  }

  @Test
  void parsesTheHostileBodyFaults() {
    assertThat(FaultSpec.parse("trickle=0.5,huge=0.25"))
        .isEqualTo(new FaultSpec(0, 0, 0, 0, 0, 0, 0.5, 0.25));
    assertThat(FaultSpec.parse("500=0.1").trickle()).isZero();
    assertThatThrownBy(() -> FaultSpec.parse("trickle=0.6,500=0.6"))
        .hasMessage("Cannot parse fault spec: trickle=0.6,500=0.6")
        .hasRootCauseMessage("Cannot use transient fault rates summing above 1: 1.2");
    assertThat(FaultSpec.parse("huge=1,500=1").huge())
        .as("huge is permanent, not transient")
        .isEqualTo(1.0);
  }

  @Test
  void missingKeysAreZeroAndSpacesAreAllowed() {
    assertThat(FaultSpec.parse(" 503 = 0.5 , truncate=0.25"))
        .isEqualTo(new FaultSpec(0, 0.5, 0, 0, 0.25, 0));
  }

  @Test
  void emptyAndNoneMeanNoFaults() {
    assertThat(FaultSpec.parse("")).isEqualTo(FaultSpec.none());
    assertThat(FaultSpec.parse("none")).isEqualTo(FaultSpec.none());
    assertThat(FaultSpec.none().isNone()).isTrue();
    assertThat(FaultSpec.parse("404=0.1").isNone()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "500=abc",
        "teapot=0.1",
        "500",
        "500=0.1,500=0.2",
        "500=1.5",
        "503=-0.1",
        "slow=NaN",
        "500=0.6,503=0.6",
        "timeout=0.1,"
      })
  void rejectsBadSpecs(String spec) {
    assertThatThrownBy(() -> FaultSpec.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot parse fault spec: " + spec);
  }

  @Test
  void constructorRejectsImpossibleRates() {
    assertThatThrownBy(() -> new FaultSpec(0.7, 0.7, 0, 0, 0, 0))
        .hasMessageStartingWith("Cannot use transient fault rates summing above 1");
    assertThatThrownBy(() -> new FaultSpec(0, 0, 0, 0, 0, 2))
        .hasMessage("Cannot use fault rate outside 0..1: 404=2.0");
    assertThat(new FaultSpec(0.2, 0.2, 0.2, 0.2, 0.2, 1.0).http404()).isEqualTo(1.0);
  }
}
