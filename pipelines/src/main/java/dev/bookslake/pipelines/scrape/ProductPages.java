package dev.bookslake.pipelines.scrape;

import dev.bookslake.pipelines.scrape.internal.CrawlProgress;
import dev.bookslake.pipelines.scrape.internal.CrawlSettings;
import dev.bookslake.pipelines.scrape.internal.FetchResult;
import dev.bookslake.pipelines.scrape.internal.Fetcher;
import dev.bookslake.pipelines.scrape.internal.RunResources;
import dev.bookslake.pipelines.scrape.internal.SiteScope;
import dev.bookslake.schemas.bronze.FetchError;
import dev.bookslake.schemas.bronze.Page;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every product page, fetched with up to {@code maxConcurrency} requests in flight per host: the
 * URLs are grouped by host (scheme, host and port), de-duplicated within their group, and each
 * host's group is fetched by one worker, so that its limits (concurrency cap, Crawl-delay) hold for
 * the whole run however many workers a cluster has, not once per worker JVM. Pages unchanged since
 * the previous run answer 304 and come out of {@link #NOT_MODIFIED} without a body.
 */
final class ProductPages extends PTransform<PCollection<String>, PCollectionTuple> {
  static final TupleTag<Page> PAGES = new TupleTag<>() {};
  static final TupleTag<Page> NOT_MODIFIED = new TupleTag<>() {};
  static final TupleTag<FetchError> ERRORS = new TupleTag<>() {};

  private final CrawlSettings settings;
  private final long progressSeconds;
  private final PCollectionView<Map<String, Validators>> validators;

  ProductPages(
      CrawlSettings settings,
      long progressSeconds,
      PCollectionView<Map<String, Validators>> validators) {
    this.settings = settings;
    this.progressSeconds = progressSeconds;
    this.validators = validators;
  }

  @Override
  public PCollectionTuple expand(PCollection<String> productUrls) {
    return productUrls
        .apply(
            "KeyByHost", WithKeys.of(ProductPages::origin).withKeyType(TypeDescriptors.strings()))
        .apply("GroupByHost", GroupByKey.create())
        .apply(
            "FetchProductPages",
            ParDo.of(new FetchGroupFn(settings, progressSeconds, validators))
                .withSideInputs(validators)
                .withOutputTags(PAGES, TupleTagList.of(NOT_MODIFIED).and(ERRORS)));
  }

  /**
   * The host a URL's request goes to, as the fetcher's gates name it ({@link SiteScope#origin}:
   * {@code scheme://host:port}, lower case, default port written out); the empty string for a URL
   * that names none (the fetcher turns it into a fetch error).
   */
  static String origin(String url) {
    try {
      URI uri = new URI(url);
      return uri.getScheme() == null || uri.getHost() == null ? "" : SiteScope.origin(uri);
    } catch (URISyntaxException e) {
      return "";
    }
  }

  /** The group a URL is joined with the previous run's pages in, for 304 answers. */
  static int fetchGroup(String url, int groups) {
    return Math.floorMod(url.hashCode(), groups);
  }

  static final class FetchGroupFn extends DoFn<KV<String, Iterable<String>>, Page> {
    private static final Logger LOG = LoggerFactory.getLogger(FetchGroupFn.class);

    private final CrawlSettings settings;
    private final long progressSeconds;
    private final PCollectionView<Map<String, Validators>> validatorsView;
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

    FetchGroupFn(
        CrawlSettings settings,
        long progressSeconds,
        PCollectionView<Map<String, Validators>> validators) {
      this.settings = settings;
      this.progressSeconds = progressSeconds;
      this.validatorsView = validators;
    }

    @Setup
    public void setup() {
      RunResources.retain(settings.runId());
      fetcher = new Fetcher(settings);
      progress = CrawlProgress.of(settings.runId(), progressSeconds);
      threads = Executors.newVirtualThreadPerTaskExecutor();
    }

    @Teardown
    public void teardown() {
      if (threads != null) {
        threads.shutdownNow();
      }
      RunResources.release(settings.runId());
    }

    @ProcessElement
    public void processElement(ProcessContext context) throws InterruptedException {
      Map<String, Validators> known = context.sideInput(validatorsView);
      BlockingQueue<FetchResult> results = new LinkedBlockingQueue<>();
      Semaphore window = new Semaphore(settings.maxConcurrency());
      int submitted = 0;
      int emitted = 0;
      Set<String> seen = new HashSet<>();
      for (String url : context.element().getValue()) {
        if (!seen.add(url)) {
          duplicates.inc();
          continue;
        }
        window.acquire();
        submitted++;
        Validators v = known.get(url);
        threads.execute(
            () -> {
              try {
                results.add(fetchOne(url, v));
              } finally {
                window.release();
              }
            });
        // Outputs must leave from the DoFn's own thread; drain what is ready between submissions.
        for (FetchResult r = results.poll(); r != null; r = results.poll()) {
          emit(context, r);
          emitted++;
        }
      }
      for (; emitted < submitted; emitted++) {
        emit(context, results.take());
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

    private void emit(ProcessContext context, FetchResult result) {
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
