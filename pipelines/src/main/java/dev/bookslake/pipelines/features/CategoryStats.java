package dev.bookslake.pipelines.features;

import dev.bookslake.schemas.gold.CategorySummary;
import dev.bookslake.schemas.gold.EnrichedBook;
import java.time.LocalDate;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code gold.category_stats}: one row per category with its book counts, stock, exact price
 * statistics (min, mean, median, max of {@code price_incl_tax}) and rating distribution.
 *
 * <pre>{@code
 * PCollection<CategorySummary> stats = books.apply("SummariseCategories", new CategoryStats(dt));
 * }</pre>
 */
public final class CategoryStats
    extends PTransform<PCollection<EnrichedBook>, PCollection<CategorySummary>> {
  private final LocalDate dt;

  public CategoryStats(LocalDate dt) {
    this.dt = dt;
  }

  @Override
  public PCollection<CategorySummary> expand(PCollection<EnrichedBook> books) {
    return books
        .apply(
            "KeyByCategory",
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.strings(), TypeDescriptor.of(EnrichedBook.class)))
                .via((EnrichedBook b) -> KV.of(b.getCategory(), b)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), AvroCoder.specific(EnrichedBook.class)))
        .apply("CombinePerCategory", Combine.perKey(new CatalogueStatsFn()))
        .apply("ToCategorySummaries", ParDo.of(new ToSummaryFn(dt)))
        .setCoder(AvroCoder.specific(CategorySummary.class));
  }

  static final class ToSummaryFn extends DoFn<KV<String, CatalogueStatsFn.Stats>, CategorySummary> {
    private final String dt;

    ToSummaryFn(LocalDate dt) {
      this.dt = dt.toString();
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, CatalogueStatsFn.Stats> category, OutputReceiver<CategorySummary> out) {
      CatalogueStatsFn.Stats stats = category.getValue();
      out.output(
          CategorySummary.newBuilder()
              .setCategory(category.getKey())
              .setBooks(stats.books())
              .setInStockBooks(stats.inStockBooks())
              .setInStockShare(stats.inStockShare())
              .setTotalStock(stats.totalStock())
              .setMinPrice(stats.minPrice())
              .setAvgPrice(stats.avgPrice())
              .setMedianPrice(stats.medianPrice())
              .setMaxPrice(stats.maxPrice())
              .setAvgRating(stats.avgRating())
              .setRating1(stats.ratingCounts().get(0))
              .setRating2(stats.ratingCounts().get(1))
              .setRating3(stats.ratingCounts().get(2))
              .setRating4(stats.ratingCounts().get(3))
              .setRating5(stats.ratingCounts().get(4))
              .setDt(dt)
              .build());
    }
  }
}
