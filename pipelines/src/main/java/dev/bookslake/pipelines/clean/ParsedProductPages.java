package dev.bookslake.pipelines.clean;

import dev.bookslake.pipelines.clean.internal.CleanCoders;
import dev.bookslake.schemas.bronze.Page;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product pages of a bronze {@code pages} partition, parsed. Pages that answered 304 carry the
 * previous body in bronze and are parsed like any 200. Every product page comes out, even one the
 * parser chokes on (as a non-product page, which the rules then quarantine), so none is lost
 * between bronze and silver.
 *
 * <pre>{@code
 * PCollection<ParsedPage> parsed = pages.apply("ParseProductPages", new ParsedProductPages());
 * }</pre>
 */
public final class ParsedProductPages
    extends PTransform<PCollection<Page>, PCollection<ParsedPage>> {
  /** The bronze {@code page_kind} of a product page. */
  public static final String PRODUCT = "product";

  // Units of parallel parsing: enough for the cores of a machine or a small cluster, few because
  // each becomes a bundle into the next grouping, whose state the DirectRunner copies per bundle
  // (32 units cost the 10k-book run 2 s more than 4; docs/benchmarks.md).
  private static final int PARSE_BUCKETS = 4;

  @Override
  public PCollection<ParsedPage> expand(PCollection<Page> pages) {
    return pages
        .apply("KeepProductPages", Filter.by((Page page) -> PRODUCT.equals(page.getPageKind())))
        // The crawl lands the site's pages as one bundle from one worker; spread them so that
        // parsing runs on more than one core (or slot of a cluster).
        .apply("SpreadPages", Reshuffle.<Page>viaRandomKey().withNumBuckets(PARSE_BUCKETS))
        .apply("ParsePages", ParDo.of(new ParseFn()))
        .setCoder(CleanCoders.PARSED_PAGE);
  }

  static final class ParseFn extends DoFn<Page, ParsedPage> {
    private static final Logger LOG = LoggerFactory.getLogger(ParseFn.class);
    private final Counter parsed = Metrics.counter(CleanPipeline.METRICS, "product_pages");
    private final Counter unparseable = Metrics.counter(CleanPipeline.METRICS, "unparseable_pages");

    @ProcessElement
    public void processElement(@Element Page page, OutputReceiver<ParsedPage> out) {
      parsed.inc();
      ParsedBook book;
      try {
        book = ProductPageParser.parse(page.getBody(), page.getUrl());
      } catch (IllegalArgumentException e) {
        // jsoup's ValidationException; the page still has to reach quarantine, so keep its URL.
        unparseable.inc();
        LOG.warn("Cannot parse product page {}: {}", page.getUrl(), e.getMessage());
        book = ParsedBook.notAProductPage(page.getUrl(), ProductPageParser.siteId(page.getUrl()));
      }
      out.output(new ParsedPage(book, page.getSha256(), page.getFetchedAt()));
    }
  }
}
