package org.apache.beam.runners.direct;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.StateNamespaces;
import org.apache.beam.runners.core.StateTag;
import org.apache.beam.runners.core.StateTags;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;

/**
 * The patched {@link CopyOnAccessInMemoryStateInternals} (pipelines/src/patch): a bag bound from
 * the underlying state holds the underlying's elements themselves, in a bag of its own. In this
 * package because the class is package-private.
 */
class CopyOnAccessBagPatchTest {
  private static final StateNamespace GLOBAL = StateNamespaces.global();
  private static final StateTag<BagState<String>> BAG = StateTags.bag("bag", StringUtf8Coder.of());

  @Test
  void aBagBoundFromTheUnderlyingHoldsItsElementsInABagOfItsOwn() {
    CopyOnAccessInMemoryStateInternals<String> underlying =
        CopyOnAccessInMemoryStateInternals.withUnderlying("key", null);
    String first = new String("first");
    String second = new String("second");
    underlying.state(GLOBAL, BAG).add(first);
    underlying.state(GLOBAL, BAG).add(second);
    CopyOnAccessInMemoryStateInternals<String> committed = underlying.commit();

    CopyOnAccessInMemoryStateInternals<String> next =
        CopyOnAccessInMemoryStateInternals.withUnderlying("key", committed);
    BagState<String> bag = next.state(GLOBAL, BAG);
    List<String> read = new ArrayList<>();
    bag.read().forEach(read::add);
    assertThat(read).hasSize(2);
    assertThat(read.get(0)).isSameAs(first);
    assertThat(read.get(1)).isSameAs(second);

    bag.add("third");
    assertThat(committed.state(GLOBAL, BAG).read()).containsExactly("first", "second");
    bag.clear();
    assertThat(bag.read()).isEmpty();
    assertThat(committed.state(GLOBAL, BAG).read()).containsExactly("first", "second");
  }

  /** Counts the values it decodes: grouping on the DirectRunner should decode none. */
  static final class CountingCoder extends AtomicCoder<String> {
    static final AtomicInteger DECODED = new AtomicInteger();

    @Override
    public void encode(String value, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(value, out);
    }

    @Override
    public String decode(InputStream in) throws IOException {
      DECODED.incrementAndGet();
      return StringUtf8Coder.of().decode(in);
    }
  }

  static final class PayloadFn extends DoFn<Integer, KV<Integer, String>> {
    @ProcessElement
    public void process(@Element Integer i, OutputReceiver<KV<Integer, String>> out) {
      out.output(KV.of(i % 3, "payload-" + i));
    }
  }

  /**
   * Keeps what reaches it (the test's own JVM runs the pipeline): PAssert would group and code the
   * values itself.
   */
  static final class RecordFn extends DoFn<KV<Integer, Iterable<String>>, Void> {
    static final Queue<String> VALUES = new ConcurrentLinkedQueue<>();

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<String>> group) {
      group.getValue().forEach(VALUES::add);
    }
  }

  @Test
  void aGroupByKeyOnTheDirectRunnerHandsOnItsValuesWithoutCodingThemAgain() {
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    options.setBlockOnRun(true);
    Pipeline pipeline = Pipeline.create(options);

    pipeline
        .apply("Numbers", Create.of(List.of(0, 1, 2, 3, 4, 5)))
        .apply("Payloads", ParDo.of(new PayloadFn()))
        .setCoder(KvCoder.of(VarIntCoder.of(), new CountingCoder()))
        .apply("Group", GroupByKey.create())
        .apply("Record", ParDo.of(new RecordFn()));
    CountingCoder.DECODED.set(0);
    RecordFn.VALUES.clear();
    pipeline.run().waitUntilFinish();

    assertThat(RecordFn.VALUES)
        .containsExactlyInAnyOrder(
            "payload-0", "payload-1", "payload-2", "payload-3", "payload-4", "payload-5");
    assertThat(CountingCoder.DECODED).hasValue(0);
  }
}
