package dev.bookslake.pipelines.scrape;

import dev.bookslake.pipelines.scrape.internal.CrawlProgress;
import dev.bookslake.pipelines.scrape.internal.CrawlSettings;
import dev.bookslake.pipelines.scrape.internal.FetchResult;
import dev.bookslake.pipelines.scrape.internal.Fetcher;
import dev.bookslake.pipelines.scrape.internal.ListingLinks;
import dev.bookslake.pipelines.scrape.internal.PageDigest;
import dev.bookslake.pipelines.scrape.internal.RunResources;
import dev.bookslake.schemas.bronze.FetchError;
import dev.bookslake.schemas.bronze.Page;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every page of the site reachable from a start page: the catalogue's listing pages, found by
 * walking {@code next} links, and the product pages they list, fetched while the walk goes on (up
 * to {@code maxConcurrency} requests in flight per host). The walk is sequential by nature (each
 * page names the next), so overlapping it with the product fetches is what keeps the host's request
 * slots busy from the first listing page on.
 *
 * <p>One worker crawls a start page, so the per-host limits (concurrency cap, Crawl-delay) hold for
 * the whole run however many workers a cluster has, not once per worker JVM. Listing pages are
 * always fetched unconditionally (their links are needed in this run); product pages unchanged
 * since the previous run answer 304 and come out of {@link #NOT_MODIFIED} without a body.
 *
 * <pre>{@code
 * PCollectionTuple site = pipeline.apply(Create.of("http://127.0.0.1:8000/"))
 *     .apply("CrawlSite", new SitePages(settings, 5, validatorsByUrl));
 * PCollection<Page> pages = site.get(SitePages.PAGES);
 * }</pre>
 */
final class SitePages extends PTransform<PCollection<String>, PCollectionTuple> {
  static final TupleTag<Page> PAGES = new TupleTag<>() {};
  static final TupleTag<Page> NOT_MODIFIED = new TupleTag<>() {};
  static final TupleTag<FetchError> ERRORS = new TupleTag<>() {};

  private final CrawlSettings settings;
  private final long progressSeconds;
  private final PCollectionView<Map<String, Validators>> validators;

  SitePages(
      CrawlSettings settings,
      long progressSeconds,
      PCollectionView<Map<String, Validators>> validators) {
    this.settings = settings;
    this.progressSeconds = progressSeconds;
    this.validators = validators;
  }

  @Override
  public PCollectionTuple expand(PCollection<String> startUrls) {
    return startUrls.apply(
        "CrawlFromStartPage",
        ParDo.of(new CrawlSiteFn(settings, progressSeconds, validators))
            .withSideInputs(validators)
            .withOutputTags(PAGES, TupleTagList.of(NOT_MODIFIED).and(ERRORS)));
  }

  static final class CrawlSiteFn extends DoFn<String, Page> {
    private static final Logger LOG = LoggerFactory.getLogger(CrawlSiteFn.class);
    // The real site has 50 listing pages; 100k sandbox books need 5,000. The cap stops a loop.
    private static final int MAX_LISTING_PAGES = 1_000_000;
    // Ends the dispatcher's queue of product links; compared by identity, so no link can equal it.
    private static final String WALK_DONE = new String("end of walk");

    private final CrawlSettings settings;
    private final long progressSeconds;
    private final PCollectionView<Map<String, Validators>> validatorsView;
    private final Counter startPages = Metrics.counter(ScrapePipeline.METRICS, "start_pages");
    private final Counter listingPages = Metrics.counter(ScrapePipeline.METRICS, "listing_pages");
    private final Counter listingErrors = Metrics.counter(ScrapePipeline.METRICS, "listing_errors");
    private final Counter fetched = Metrics.counter(ScrapePipeline.METRICS, "product_pages");
    private final Counter notModified =
        Metrics.counter(ScrapePipeline.METRICS, "product_not_modified");
    private final Counter failed = Metrics.counter(ScrapePipeline.METRICS, "product_errors");
    private final Counter retried = Metrics.counter(ScrapePipeline.METRICS, "product_retries");
    private final Counter duplicates =
        Metrics.counter(ScrapePipeline.METRICS, "duplicate_product_links");
    private final Counter offSite = Metrics.counter(ScrapePipeline.METRICS, "off_site_links");
    private transient Fetcher fetcher;
    private transient CrawlProgress progress;
    private transient ExecutorService threads;

    CrawlSiteFn(
        CrawlSettings settings,
        long progressSeconds,
        PCollectionView<Map<String, Validators>> validators) {
      this.settings = settings;
      this.progressSeconds = progressSeconds;
      this.validatorsView = validators;
    }

    /**
     * A fetch result handed from a fetching thread to the DoFn's own thread, the only one that may
     * output and count (Beam's counters belong to the thread processing the element). {@code null}
     * result: everything has landed.
     */
    private record Landed(FetchResult result, String kind) {
      static final Landed END = new Landed(null, null);
    }

    @Setup
    public void setup() {
      RunResources.retain(settings.runId());
      fetcher = new Fetcher(settings);
      progress = CrawlProgress.of(settings.runId(), progressSeconds);
      threads = Executors.newVirtualThreadPerTaskExecutor();
      // Off this thread: the native library loads while the first pages are fetched.
      threads.execute(PageDigest::prepare);
    }

    @Teardown
    public void teardown() {
      if (threads != null) {
        threads.shutdownNow();
      }
      if (fetcher != null) {
        fetcher.close();
      }
      RunResources.release(settings.runId());
    }

    @ProcessElement
    public void processElement(ProcessContext context) throws InterruptedException {
      Crawl crawl = new Crawl(context.element(), context.sideInput(validatorsView));
      threads.execute(crawl::walk);
      threads.execute(crawl::dispatch);
      Landed landed;
      while ((landed = crawl.landed.take()) != Landed.END) {
        emit(context, landed);
        if (landed.kind().equals(PageKind.PRODUCT)) {
          crawl.window.release();
        }
      }
      duplicates.inc(crawl.duplicateLinks.get());
      if (crawl.walkFailure != null) {
        // A bug in the walk fails the bundle as it would on the DoFn's own thread.
        throw crawl.walkFailure;
      }
    }

    /**
     * One start page's crawl: the walk runs on one thread and queues the product links it finds; a
     * dispatching thread starts a thread per product.
     */
    private final class Crawl {
      private final String startUrl;
      private final Map<String, Validators> known;
      private final BlockingQueue<Landed> landed = new LinkedBlockingQueue<>();
      // Product links found and not yet fetched. The walk runs ahead of the fetches (a link is a
      // hundred bytes), so the host's slots do not wait for the next listing page to be fetched
      // and parsed, once per listing page (10k books: crawl 11.3 s with that wait, 6.4-8.6 s
      // without).
      private final BlockingQueue<String> discovered = new LinkedBlockingQueue<>();
      // Products fetched or being fetched but not yet output: a worker that outputs slowly (a
      // runner pushing back) holds at most this many pages.
      private final Semaphore window = new Semaphore(settings.maxConcurrency());
      // The walk, the dispatcher and every product fetch count themselves out; the last one ends
      // the crawl.
      private final AtomicInteger running = new AtomicInteger(2);
      private final AtomicLong duplicateLinks = new AtomicLong();
      private volatile RuntimeException walkFailure;

      Crawl(String startUrl, Map<String, Validators> known) {
        this.startUrl = startUrl;
        this.known = known;
      }

      void walk() {
        try {
          walkListingPages();
        } catch (RuntimeException e) {
          walkFailure = e;
        } finally {
          // The links found before a failure are still fetched.
          discovered.add(WALK_DONE);
          finished();
        }
      }

      void dispatch() {
        try {
          String url;
          while ((url = discovered.take()) != WALK_DONE) {
            fetchProduct(url);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          finished();
        }
      }

      private void walkListingPages() {
        Set<String> listings = new HashSet<>();
        Set<String> products = new HashSet<>();
        String url = startUrl;
        String kind = PageKind.HOME;
        progress.discovered(1);
        while (url != null && listings.size() < MAX_LISTING_PAGES && listings.add(url)) {
          FetchResult result = fetchOne(url, null);
          landed.add(new Landed(result, kind));
          if (!(result instanceof FetchResult.Fetched page)) {
            return;
          }
          // Relative links resolve against where the page was found, after any redirects.
          ListingLinks links = ListingLinks.parse(page.body(), page.finalUrl());
          progress.discovered(links.products().size() + (links.next() == null ? 0 : 1));
          for (String product : links.products()) {
            if (products.add(product)) {
              discovered.add(product);
            } else {
              duplicateLinks.incrementAndGet();
            }
          }
          url = links.next();
          kind = PageKind.CATALOGUE;
        }
      }

      private void fetchProduct(String url) throws InterruptedException {
        window.acquire();
        running.incrementAndGet();
        Validators v = known.get(url);
        threads.execute(
            () -> {
              boolean handedOver = false;
              try {
                landed.add(new Landed(fetchOne(url, v), PageKind.PRODUCT));
                handedOver = true;
              } finally {
                if (!handedOver) {
                  // An Error on this thread: give the slot back or the walk would wait forever.
                  window.release();
                }
                finished();
              }
            });
      }

      private void finished() {
        if (running.decrementAndGet() == 0) {
          landed.add(Landed.END);
        }
      }
    }

    private FetchResult fetchOne(String url, Validators v) {
      try {
        return fetcher.fetch(url, v == null ? null : v.etag(), v == null ? null : v.lastModified());
      } catch (RuntimeException e) {
        // A bug must not lose the URL: it lands in fetch_errors with the exception named.
        LOG.error("Cannot fetch {} because of an unexpected error", url, e);
        return new FetchResult.Failed(
            url, "internal_error", "Cannot fetch URL: " + e, 1, null, Instant.now());
      }
    }

    private void emit(ProcessContext context, Landed landed) {
      if (landed.kind().equals(PageKind.PRODUCT)) {
        emitProduct(context, landed.result());
        return;
      }
      switch (landed.result()) {
        case FetchResult.Fetched page -> {
          listingPages.inc();
          if (landed.kind().equals(PageKind.HOME)) {
            startPages.inc();
          }
          progress.fetched(false);
          context.output(BronzeRecords.page(page, landed.kind(), settings));
        }
        case FetchResult.Failed error -> {
          listingErrors.inc();
          if (error.errorClass().equals(FetchResult.ERROR_OFF_SITE)) {
            offSite.inc();
          }
          progress.failed();
          context.output(ERRORS, BronzeRecords.error(error, landed.kind(), settings));
          LOG.warn(
              "Cannot continue the catalogue walk at {}: {} ({})",
              error.url(),
              error.message(),
              error.errorClass());
        }
      }
    }

    private void emitProduct(ProcessContext context, FetchResult result) {
      if (result.attempts() > 1) {
        retried.inc(result.attempts() - 1);
      }
      switch (result) {
        case FetchResult.Fetched page when page.notModified() -> {
          notModified.inc();
          progress.fetched(true);
          context.output(NOT_MODIFIED, BronzeRecords.page(page, PageKind.PRODUCT, settings));
        }
        case FetchResult.Fetched page -> {
          fetched.inc();
          progress.fetched(false);
          context.output(PAGES, BronzeRecords.page(page, PageKind.PRODUCT, settings));
        }
        case FetchResult.Failed error -> {
          failed.inc();
          if (error.errorClass().equals(FetchResult.ERROR_OFF_SITE)) {
            offSite.inc();
          }
          progress.failed();
          context.output(ERRORS, BronzeRecords.error(error, PageKind.PRODUCT, settings));
        }
      }
    }
  }
}
