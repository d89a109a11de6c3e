package dev.bookslake.pipelines.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.WriteFiles;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.util.construction.PTransformMatchers;
import org.apache.beam.sdk.util.construction.PTransformTranslation;
import org.apache.beam.sdk.util.construction.ParDoTranslation;
import org.apache.beam.sdk.util.construction.WriteFilesTranslation;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The patched {@link PTransformMatchers} (pipelines/src/patch) decides from a ParDo's DoFn and a
 * WriteFiles' sharding what upstream reads from their proto translation: the answers must agree.
 */
class MatchersPatchTest {
  static class Plain extends DoFn<KV<String, Integer>, String> {
    @ProcessElement
    public void process(@Element KV<String, Integer> in, OutputReceiver<String> out) {
      out.output(in.getKey());
    }
  }

  static class Stateful extends DoFn<KV<String, Integer>, String> {
    @StateId("seen")
    private final StateSpec<ValueState<Integer>> seen = StateSpecs.value(VarIntCoder.of());

    @ProcessElement
    public void process(
        @Element KV<String, Integer> in, @StateId("seen") ValueState<Integer> state) {
      state.write(in.getValue());
    }
  }

  static class Timed extends DoFn<KV<String, Integer>, String> {
    @TimerId("later")
    private final TimerSpec later = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @ProcessElement
    public void process(@Element KV<String, Integer> in, @TimerId("later") Timer timer) {}

    @OnTimer("later")
    public void onLater() {}
  }

  static class Splittable extends DoFn<KV<String, Integer>, String> {
    @ProcessElement
    public void process(RestrictionTracker<OffsetRange, Long> tracker) {}

    @GetInitialRestriction
    public OffsetRange initial(@Element KV<String, Integer> in) {
      return new OffsetRange(0, 1);
    }

    @NewTracker
    public OffsetRangeTracker tracker(@Restriction OffsetRange range) {
      return new OffsetRangeTracker(range);
    }
  }

  @Test
  void parDosMatchAsTheirTranslationSays(@TempDir java.nio.file.Path dir) throws IOException {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<KV<String, Integer>> keyed = p.apply(Create.of(1, 2)).apply(WithKeys.of("k"));
    keyed.apply("Plain", ParDo.of(new Plain()));
    keyed.apply("Stateful", ParDo.of(new Stateful()));
    keyed.apply("Timed", ParDo.of(new Timed()));
    keyed.apply("Splittable", ParDo.of(new Splittable()));
    PCollection<String> lines =
        p.apply("Lines", Create.of("a", "b").withCoder(StringUtf8Coder.of()));
    lines.apply("Sharded", TextIO.write().to(dir.resolve("sharded").toString()).withNumShards(2));
    lines.apply("Unsharded", FileIO.<String>write().via(TextIO.sink()).to(dir.toString()));

    int parDos = 0;
    int writes = 0;
    List<String> seen = new ArrayList<>();
    for (AppliedPTransform<?, ?, ?> application : applications(p)) {
      String urn = PTransformTranslation.urnForTransformOrNull(application.getTransform());
      if (PTransformTranslation.PAR_DO_TRANSFORM_URN.equals(urn)) {
        parDos++;
        boolean splittable = ParDoTranslation.isSplittable(application);
        boolean stateful = ParDoTranslation.usesStateOrTimers(application);
        assertThat(PTransformMatchers.splittableParDo().matches(application))
            .as("splittable %s", application.getFullName())
            .isEqualTo(splittable);
        assertThat(PTransformMatchers.stateOrTimerParDo().matches(application))
            .as("state or timers %s", application.getFullName())
            .isEqualTo(stateful);
        seen.add(
            application.getFullName()
                + (splittable ? " splittable" : "")
                + (stateful ? " stateful" : ""));
      }
      if (application.getTransform() instanceof WriteFiles) {
        writes++;
        @SuppressWarnings({"unchecked", "rawtypes"})
        boolean runnerSharded =
            WriteFilesTranslation.isRunnerDeterminedSharding((AppliedPTransform) application);
        assertThat(PTransformMatchers.writeWithRunnerDeterminedSharding().matches(application))
            .as("runner-determined sharding %s", application.getFullName())
            .isEqualTo(runnerSharded);
        seen.add(application.getFullName() + (runnerSharded ? " runner-sharded" : ""));
      }
    }

    assertThat(parDos).isGreaterThanOrEqualTo(4);
    assertThat(writes).isEqualTo(2);
    // Each kind the matchers tell apart is among what was compared.
    assertThat(seen)
        .contains(
            "Plain/ParMultiDo(Plain)",
            "Stateful/ParMultiDo(Stateful) stateful",
            "Timed/ParMultiDo(Timed) stateful",
            "Splittable/ParMultiDo(Splittable) splittable")
        .anyMatch(s -> s.startsWith("Unsharded") && s.endsWith("runner-sharded"))
        .anyMatch(s -> s.startsWith("Sharded") && !s.endsWith("runner-sharded"));
  }

  private static List<AppliedPTransform<?, ?, ?>> applications(Pipeline p) {
    List<AppliedPTransform<?, ?, ?>> all = new ArrayList<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (!node.isRootNode()) {
              all.add(node.toAppliedPTransform(p));
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            all.add(node.toAppliedPTransform(p));
          }
        });
    return all;
  }
}
