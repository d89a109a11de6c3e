package dev.bookslake.pipelines.scrape;

import dev.bookslake.pipelines.scrape.internal.CrawlProgress;
import dev.bookslake.pipelines.scrape.internal.CrawlSettings;
import dev.bookslake.pipelines.scrape.internal.FetchResult;
import dev.bookslake.pipelines.scrape.internal.Fetcher;
import dev.bookslake.pipelines.scrape.internal.ListingLinks;
import dev.bookslake.pipelines.scrape.internal.RunResources;
import dev.bookslake.schemas.bronze.FetchError;
import dev.bookslake.schemas.bronze.Page;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogue's listing pages, found by walking {@code next} links from the start page, and the
 * product URLs they list. The walk is sequential by nature (each page names the next), so it runs
 * in one worker; listing pages are few (one per 20 books) and the product fetches fan out later.
 *
 * <p>Listing pages are always fetched unconditionally: their links are needed in this run, and a
 * 304 would leave nothing to read them from.
 */
final class CataloguePages extends PTransform<PCollection<String>, PCollectionTuple> {
  static final TupleTag<Page> PAGES = new TupleTag<>() {};
  static final TupleTag<FetchError> ERRORS = new TupleTag<>() {};
  static final TupleTag<String> PRODUCT_URLS = new TupleTag<>() {};

  private final CrawlSettings settings;
  private final long progressSeconds;

  CataloguePages(CrawlSettings settings, long progressSeconds) {
    this.settings = settings;
    this.progressSeconds = progressSeconds;
  }

  @Override
  public PCollectionTuple expand(PCollection<String> startUrls) {
    return startUrls.apply(
        "WalkNextLinks",
        ParDo.of(new WalkCatalogueFn(settings, progressSeconds))
            .withOutputTags(PAGES, TupleTagList.of(ERRORS).and(PRODUCT_URLS)));
  }

  static final class WalkCatalogueFn extends DoFn<String, Page> {
    private static final Logger LOG = LoggerFactory.getLogger(WalkCatalogueFn.class);
    // The real site has 50 listing pages; 100k sandbox books need 5,000. The cap stops a loop.
    private static final int MAX_LISTING_PAGES = 1_000_000;

    private final CrawlSettings settings;
    private final long progressSeconds;
    private final Counter listingPages = Metrics.counter(ScrapePipeline.METRICS, "listing_pages");
    private final Counter listingErrors = Metrics.counter(ScrapePipeline.METRICS, "listing_errors");
    private final Counter startPages = Metrics.counter(ScrapePipeline.METRICS, "start_pages");
    private final Counter offSite = Metrics.counter(ScrapePipeline.METRICS, "off_site_links");
    private transient Fetcher fetcher;
    private transient CrawlProgress progress;

    WalkCatalogueFn(CrawlSettings settings, long progressSeconds) {
      this.settings = settings;
      this.progressSeconds = progressSeconds;
    }

    @Setup
    public void setup() {
      RunResources.retain(settings.runId());
      fetcher = new Fetcher(settings);
      progress = CrawlProgress.of(settings.runId(), progressSeconds);
    }

    @Teardown
    public void teardown() {
      RunResources.release(settings.runId());
    }

    @ProcessElement
    public void processElement(@Element String startUrl, MultiOutputReceiver out) {
      Set<String> seen = new HashSet<>();
      String url = startUrl;
      String kind = PageKind.HOME;
      progress.discovered(1);
      while (url != null && seen.size() < MAX_LISTING_PAGES && seen.add(url)) {
        FetchResult result = fetcher.fetch(url, null, null);
        if (result instanceof FetchResult.Failed failed) {
          listingErrors.inc();
          if (failed.errorClass().equals(FetchResult.ERROR_OFF_SITE)) {
            offSite.inc();
          }
          progress.failed();
          out.get(ERRORS).output(BronzeRecords.error(failed, kind, settings));
          LOG.warn(
              "Cannot continue the catalogue walk at {}: {} ({})",
              url,
              failed.message(),
              failed.errorClass());
          return;
        }
        FetchResult.Fetched page = (FetchResult.Fetched) result;
        listingPages.inc();
        if (kind.equals(PageKind.HOME)) {
          startPages.inc();
        }
        progress.fetched(false);
        out.get(PAGES).output(BronzeRecords.page(page, kind, settings));
        // Relative links resolve against where the page was found, after any redirects.
        ListingLinks links = ListingLinks.parse(page.body(), page.finalUrl());
        links.products().forEach(out.get(PRODUCT_URLS)::output);
        progress.discovered(links.products().size() + (links.next() == null ? 0 : 1));
        url = links.next();
        kind = PageKind.CATALOGUE;
      }
    }
  }
}
