package dev.bookslake.pipelines.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;
import org.junit.jupiter.api.Test;

/**
 * The patched {@link PipelineOptionsFactory} (pipelines/src/patch) registers the registrars'
 * interfaces in one batch, validating their combined view once: what it registers and what it
 * refuses are upstream's.
 */
class OptionsRegistryTest {
  @Test
  void everyInterfaceOfEveryRegistrarIsRegistered() {
    Set<Class<? extends PipelineOptions>> named = new HashSet<>();
    for (PipelineOptionsRegistrar registrar : ServiceLoader.load(PipelineOptionsRegistrar.class)) {
      registrar.getPipelineOptions().forEach(named::add);
    }

    assertThat(named).hasSizeGreaterThan(5);
    assertThat(PipelineOptionsFactory.getRegisteredOptions()).containsAll(named);
  }

  // Strict parsing refuses a property no registered interface declares: these two parse only if
  // the runners' interfaces, registered last, are in the combined view.
  @Test
  void theRunnersPropertiesParseWithoutTheirInterfaceNamed() {
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs("--targetParallelism=3", "--objectReuse=true")
            .withValidation()
            .create();

    assertThat(options.as(DirectOptions.class).getTargetParallelism()).isEqualTo(3);
    assertThat(options.as(FlinkPipelineOptions.class).getObjectReuse()).isTrue();
  }

  /** A property whose getter and setter disagree on its type, which Beam refuses to register. */
  public interface MismatchedOptions extends PipelineOptions {
    String getMismatched();

    void setMismatched(Integer value);
  }

  @Test
  void aMalformedInterfaceIsStillRefused() {
    assertThatThrownBy(() -> PipelineOptionsFactory.register(MismatchedOptions.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mismatched");
  }
}
