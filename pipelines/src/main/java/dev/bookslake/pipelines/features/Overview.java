package dev.bookslake.pipelines.features;

import dev.bookslake.schemas.gold.CatalogueOverview;
import dev.bookslake.schemas.gold.EnrichedBook;
import java.time.LocalDate;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code gold.overview}: exactly one row for the whole catalogue (also when it is empty, with zero
 * counts and prices, null averages): totals, exact price statistics and the rating distribution.
 *
 * <pre>{@code
 * PCollection<CatalogueOverview> overview = books.apply("SummariseCatalogue", new Overview(dt));
 * }</pre>
 */
public final class Overview
    extends PTransform<PCollection<EnrichedBook>, PCollection<CatalogueOverview>> {
  private final LocalDate dt;

  public Overview(LocalDate dt) {
    this.dt = dt;
  }

  @Override
  public PCollection<CatalogueOverview> expand(PCollection<EnrichedBook> books) {
    return books
        .apply("CombineAllBooks", Combine.globally(new CatalogueStatsFn()))
        .apply("ToOverview", ParDo.of(new ToOverviewFn(dt)))
        .setCoder(AvroCoder.specific(CatalogueOverview.class));
  }

  static final class ToOverviewFn extends DoFn<CatalogueStatsFn.Stats, CatalogueOverview> {
    private final String dt;

    ToOverviewFn(LocalDate dt) {
      this.dt = dt.toString();
    }

    @ProcessElement
    public void processElement(
        @Element CatalogueStatsFn.Stats stats, OutputReceiver<CatalogueOverview> out) {
      out.output(
          CatalogueOverview.newBuilder()
              .setDt(dt)
              .setBooks(stats.books())
              .setCategories(stats.categories())
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
              .build());
    }
  }
}
