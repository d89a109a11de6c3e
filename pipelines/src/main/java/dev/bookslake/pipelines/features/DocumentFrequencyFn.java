package dev.bookslake.pipelines.features;

import dev.bookslake.pipelines.features.internal.TextTerms;
import dev.bookslake.schemas.gold.EnrichedBook;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * How many books of the dt hold each term of {@link TextTerms}: the IDF of {@link SimilarBooks}.
 */
final class DocumentFrequencyFn
    extends Combine.CombineFn<
        EnrichedBook, DocumentFrequencyFn.Accumulator, DocumentFrequencyFn.Frequencies> {

  /** Term to the number of books holding it, and the number of books. */
  record Frequencies(long documents, Map<String, Long> frequencies) implements Serializable {}

  /** The running counts; mutable, as Beam's combiners expect. */
  static final class Accumulator {
    long documents;
    final HashMap<String, Long> frequencies = new HashMap<>();
  }

  @Override
  public Accumulator createAccumulator() {
    return new Accumulator();
  }

  @Override
  public Accumulator addInput(Accumulator acc, EnrichedBook book) {
    acc.documents++;
    TextTerms.counts(book.getTitle(), book.getDescription())
        .keySet()
        .forEach(term -> acc.frequencies.merge(term, 1L, Long::sum));
    return acc;
  }

  @Override
  public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
    Accumulator merged = new Accumulator();
    for (Accumulator acc : accumulators) {
      merged.documents += acc.documents;
      acc.frequencies.forEach((term, n) -> merged.frequencies.merge(term, n, Long::sum));
    }
    return merged;
  }

  @Override
  public Frequencies extractOutput(Accumulator acc) {
    return new Frequencies(acc.documents, acc.frequencies);
  }

  @Override
  public Coder<Accumulator> getAccumulatorCoder(
      CoderRegistry registry, Coder<EnrichedBook> inputCoder) {
    return new AccumulatorCoder();
  }

  @Override
  public Coder<Frequencies> getDefaultOutputCoder(
      CoderRegistry registry, Coder<EnrichedBook> inputCoder) {
    return SerializableCoder.of(Frequencies.class);
  }

  /** Terms in sorted order, so equal accumulators encode equally. */
  static final class AccumulatorCoder extends AtomicCoder<Accumulator> {
    @Override
    public void encode(Accumulator acc, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeLong(acc.documents);
      out.writeInt(acc.frequencies.size());
      for (Map.Entry<String, Long> term : new TreeMap<>(acc.frequencies).entrySet()) {
        out.writeUTF(term.getKey());
        out.writeLong(term.getValue());
      }
      out.flush();
    }

    @Override
    public Accumulator decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      Accumulator acc = new Accumulator();
      acc.documents = in.readLong();
      for (int i = in.readInt(); i > 0; i--) {
        acc.frequencies.put(in.readUTF(), in.readLong());
      }
      return acc;
    }
  }
}
