package dev.bookslake.pipelines.features;

import dev.bookslake.schemas.gold.EnrichedBook;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Counts, exact price statistics and the rating distribution of a set of books, shared by {@link
 * CategoryStats} (per category) and {@link Overview} (all books).
 *
 * <p>Prices are kept as a histogram (price to count) rather than a list: shops reuse prices, so the
 * accumulator stays small, merges cheaply, and still gives the exact median.
 */
final class CatalogueStatsFn
    extends Combine.CombineFn<EnrichedBook, CatalogueStatsFn.Accumulator, CatalogueStatsFn.Stats> {

  /**
   * What the books add up to. With no books the prices are zero (gold keeps decimals non-null:
   * Beam's default AvroCoder cannot encode a nullable decimal) and the averages are null.
   */
  record Stats(
      long books,
      int categories,
      long inStockBooks,
      long totalStock,
      BigDecimal minPrice,
      BigDecimal avgPrice,
      BigDecimal medianPrice,
      BigDecimal maxPrice,
      Double avgRating,
      List<Long> ratingCounts)
      implements Serializable {

    Double inStockShare() {
      return books == 0 ? null : (double) inStockBooks / books;
    }
  }

  /** The running totals; mutable, as Beam's combiners expect. */
  static final class Accumulator {
    long books;
    long inStockBooks;
    long totalStock;
    long ratingSum;
    final long[] ratingCounts = new long[5];
    BigDecimal priceSum = BigDecimal.ZERO;
    final TreeMap<BigDecimal, Long> prices = new TreeMap<>();
    final TreeSet<String> categories = new TreeSet<>();
  }

  @Override
  public Accumulator createAccumulator() {
    return new Accumulator();
  }

  @Override
  public Accumulator addInput(Accumulator acc, EnrichedBook book) {
    acc.books++;
    acc.inStockBooks += book.getInStock() ? 1 : 0;
    acc.totalStock += book.getStockCount();
    acc.ratingSum += book.getRating();
    if (book.getRating() >= 1 && book.getRating() <= 5) {
      acc.ratingCounts[book.getRating() - 1]++;
    }
    acc.priceSum = acc.priceSum.add(book.getPriceInclTax());
    acc.prices.merge(book.getPriceInclTax(), 1L, Long::sum);
    acc.categories.add(book.getCategory());
    return acc;
  }

  @Override
  public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
    Accumulator merged = new Accumulator();
    for (Accumulator acc : accumulators) {
      merged.books += acc.books;
      merged.inStockBooks += acc.inStockBooks;
      merged.totalStock += acc.totalStock;
      merged.ratingSum += acc.ratingSum;
      for (int i = 0; i < 5; i++) {
        merged.ratingCounts[i] += acc.ratingCounts[i];
      }
      merged.priceSum = merged.priceSum.add(acc.priceSum);
      acc.prices.forEach((price, count) -> merged.prices.merge(price, count, Long::sum));
      merged.categories.addAll(acc.categories);
    }
    return merged;
  }

  @Override
  public Stats extractOutput(Accumulator acc) {
    List<Long> ratings = java.util.Arrays.stream(acc.ratingCounts).boxed().toList();
    if (acc.books == 0) {
      return new Stats(0, 0, 0, 0, zero(2), zero(4), zero(3), zero(2), null, ratings);
    }
    return new Stats(
        acc.books,
        acc.categories.size(),
        acc.inStockBooks,
        acc.totalStock,
        acc.prices.firstKey().setScale(2, RoundingMode.UNNECESSARY),
        acc.priceSum.divide(BigDecimal.valueOf(acc.books), 4, RoundingMode.HALF_EVEN),
        median(acc.prices, acc.books),
        acc.prices.lastKey().setScale(2, RoundingMode.UNNECESSARY),
        (double) acc.ratingSum / acc.books,
        ratings);
  }

  private static BigDecimal zero(int scale) {
    return BigDecimal.ZERO.setScale(scale);
  }

  /** The middle price, or the mean of the two middle ones, exact at 3 decimals. */
  static BigDecimal median(TreeMap<BigDecimal, Long> histogram, long count) {
    long lowRank = (count - 1) / 2;
    long highRank = count / 2;
    BigDecimal low = null;
    BigDecimal high = null;
    long seen = 0;
    for (Map.Entry<BigDecimal, Long> bucket : histogram.entrySet()) {
      long next = seen + bucket.getValue();
      if (low == null && lowRank < next) {
        low = bucket.getKey();
      }
      if (highRank < next) {
        high = bucket.getKey();
        break;
      }
      seen = next;
    }
    return low.add(high).divide(BigDecimal.valueOf(2)).setScale(3, RoundingMode.UNNECESSARY);
  }

  @Override
  public Coder<Accumulator> getAccumulatorCoder(
      CoderRegistry registry, Coder<EnrichedBook> inputCoder) {
    return new AccumulatorCoder();
  }

  /**
   * A compact, deterministic encoding (sorted maps, fixed field order), so runners that compare
   * encoded accumulators, like the DirectRunner's mutation checks, see equal values as equal.
   */
  static final class AccumulatorCoder extends AtomicCoder<Accumulator> {
    @Override
    public void encode(Accumulator acc, OutputStream outStream) throws IOException {
      DataOutputStream out = new DataOutputStream(outStream);
      out.writeLong(acc.books);
      out.writeLong(acc.inStockBooks);
      out.writeLong(acc.totalStock);
      out.writeLong(acc.ratingSum);
      for (long count : acc.ratingCounts) {
        out.writeLong(count);
      }
      out.writeUTF(acc.priceSum.toPlainString());
      out.writeInt(acc.prices.size());
      for (Map.Entry<BigDecimal, Long> price : acc.prices.entrySet()) {
        out.writeUTF(price.getKey().toPlainString());
        out.writeLong(price.getValue());
      }
      out.writeInt(acc.categories.size());
      for (String category : acc.categories) {
        out.writeUTF(category);
      }
      out.flush();
    }

    @Override
    public Accumulator decode(InputStream inStream) throws IOException {
      DataInputStream in = new DataInputStream(inStream);
      Accumulator acc = new Accumulator();
      acc.books = in.readLong();
      acc.inStockBooks = in.readLong();
      acc.totalStock = in.readLong();
      acc.ratingSum = in.readLong();
      for (int i = 0; i < acc.ratingCounts.length; i++) {
        acc.ratingCounts[i] = in.readLong();
      }
      acc.priceSum = new BigDecimal(in.readUTF());
      for (int i = in.readInt(); i > 0; i--) {
        acc.prices.put(new BigDecimal(in.readUTF()), in.readLong());
      }
      for (int i = in.readInt(); i > 0; i--) {
        acc.categories.add(in.readUTF());
      }
      return acc;
    }
  }

  @Override
  public Coder<Stats> getDefaultOutputCoder(
      CoderRegistry registry, Coder<EnrichedBook> inputCoder) {
    return SerializableCoder.of(Stats.class);
  }
}
