package dev.bookslake.pipelines.scrape;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.PendingSnapshot;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.TableId;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.common.LakeOptions;
import dev.bookslake.pipelines.common.RunnerPipelines;
import dev.bookslake.pipelines.common.StagePublication;
import dev.bookslake.pipelines.common.StageRuns;
import dev.bookslake.pipelines.common.UsageException;
import dev.bookslake.pipelines.io.LakeIO;
import dev.bookslake.pipelines.scrape.internal.CrawlSettings;
import dev.bookslake.pipelines.scrape.internal.RunResources;
import dev.bookslake.pipelines.scrape.internal.SiteScope;
import dev.bookslake.schemas.bronze.FetchError;
import dev.bookslake.schemas.bronze.Page;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The scrape stage: crawls the bookshop politely from its start page and lands every fetched page
 * in {@code bronze.pages} and every failed fetch in {@code bronze.fetch_errors}, for one {@code
 * dt}.
 *
 * <p>Discovery walks {@code next} links through the catalogue while the product pages it finds are
 * fetched in parallel, robots.txt and Crawl-delay are obeyed, transient failures are retried with
 * backoff, and pages unchanged since the previous snapshot are fetched conditionally (a 304 carries
 * the stored body over). The crawl stays on the start page's site ({@code --allowed-hosts} adds
 * hosts), and each request is bounded in time ({@code --timeout-ms}) and size ({@code
 * --max-body-bytes}). Both tables are published atomically after the pipeline succeeds; re-running
 * a {@code dt} replaces it.
 *
 * <pre>
 * ./bookslake scrape --source http://127.0.0.1:8000/ --lake lake/warehouse --run-date 2026-01-01 \
 *     [--runner FlinkRunner --flink-master [local]] [--max-concurrency 8] [--delay-ms 0]
 * </pre>
 */
public final class ScrapePipeline {
  /** Metric namespace of the crawl counters. */
  public static final String METRICS = "bookslake.scrape";

  static final String DEFAULT_USER_AGENT =
      "bookslake/0.1 (+https://github.com/bookslake/bookslake; polite data-engineering crawler)";

  /** The tables of the stage, in commit order, with their row types. */
  static final List<StagePublication.Output> TABLES =
      List.of(
          new StagePublication.Output(Tables.BRONZE_PAGES, Page.class),
          new StagePublication.Output(Tables.BRONZE_FETCH_ERRORS, FetchError.class));

  private ScrapePipeline() {}

  /** Options of the scrape stage. */
  public interface Options extends LakeOptions {
    @Description(
        "Start page of the bookshop, e.g. http://127.0.0.1:8000/ or https://books.toscrape.com/index.html")
    @Validation.Required
    String getSource();

    void setSource(String value);

    @Description("Requests in flight per host, for the whole run (one worker fetches a host).")
    @Default.Integer(8)
    int getMaxConcurrency();

    void setMaxConcurrency(int value);

    @Description(
        "Minimum milliseconds between requests to a host; robots.txt Crawl-delay wins when larger.")
    @Default.Long(0)
    long getDelayMs();

    void setDelayMs(long value);

    @Description(
        "Deadline of one HTTP exchange in milliseconds: connect, headers and the whole body (each redirect hop and retry gets its own).")
    @Default.Long(10_000)
    long getTimeoutMs();

    void setTimeoutMs(long value);

    @Description(
        "Attempts per URL, the first included; 5xx, timeouts and truncated bodies are retried, 4xx never.")
    @Default.Integer(4)
    int getMaxAttempts();

    void setMaxAttempts(int value);

    @Description("First retry backoff in milliseconds; doubles per attempt, with jitter.")
    @Default.Long(200)
    long getRetryBaseMs();

    void setRetryBaseMs(long value);

    @Description("Cap on a server's Retry-After, in milliseconds.")
    @Default.Long(5_000)
    long getMaxRetryAfterMs();

    void setMaxRetryAfterMs(long value);

    @Description(
        "Hosts besides the start page's scheme, host and port that may be fetched: host, host:port or scheme://host[:port], "
            + "comma-separated (no scheme: the start page's; no port: the scheme's default). Links and redirects elsewhere are not followed.")
    List<String> getAllowedHosts();

    void setAllowedHosts(List<String> value);

    @Description(
        "Largest response body in bytes; a larger page is not stored and lands in fetch_errors as too_large.")
    @Default.Long(8L << 20)
    long getMaxBodyBytes();

    void setMaxBodyBytes(long value);

    @Description("User-Agent header; its product token is matched against robots.txt groups.")
    @Default.String(DEFAULT_USER_AGENT)
    String getCrawlerUserAgent();

    void setCrawlerUserAgent(String value);

    @Description(
        "Groups the pages unchanged since the previous run are joined with its pages in (the unit"
            + " of parallel work of that join). Fetching is not split: one worker crawls the site,"
            + " so that it holds each host's limits.")
    @Default.Integer(16)
    int getFetchGroups();

    void setFetchGroups(int value);

    @Description("Parquet files for bronze.pages (fetch_errors is one file).")
    @Default.Integer(4)
    int getPageShards();

    void setPageShards(int value);

    @Description("Seconds between progress lines.")
    @Default.Long(5)
    long getProgressSeconds();

    void setProgressSeconds(long value);

    @Description(
        "Fail the run (publishing nothing) when more than this share of pages could not be fetched.")
    @Default.Double(0.5)
    double getMaxErrorRatio();

    void setMaxErrorRatio(double value);
  }

  /** What a scrape run did, as printed at its end. */
  public record Summary(
      LocalDate dt,
      String runId,
      long listingPages,
      long productPages,
      long notModified,
      long errors,
      double seconds,
      Snapshot pages,
      Snapshot fetchErrors) {

    public double pagesPerSecond() {
      return (listingPages + productPages + notModified) / Math.max(seconds, 1e-9);
    }

    @Override
    public String toString() {
      return String.format(
          "Scraped %d pages for dt=%s in %.1f s (%.0f pages/s): %d listing, %d product (%d fetched, %d not modified), %d fetch errors%n"
              + "  bronze.pages        -> %s%n  bronze.fetch_errors -> %s",
          listingPages + productPages + notModified,
          dt,
          seconds,
          pagesPerSecond(),
          listingPages,
          productPages + notModified,
          productPages,
          notModified,
          errors,
          pages.directory(),
          fetchErrors.directory());
    }
  }

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    System.out.println(run(options));
  }

  /** Runs the crawl and publishes bronze for the run date; throws if the crawl could not start. */
  public static Summary run(Options options) {
    Stage stage = begin(options, Lake.open(options.getLake()));
    long started = System.nanoTime();
    PipelineResult result;
    try {
      result =
          stage
              .publication()
              .run(
                  () -> {
                    Pipeline pipeline = RunnerPipelines.create(options);
                    stage.expand(pipeline);
                    return pipeline;
                  });
    } finally {
      stage.end();
    }
    return stage.publish(result, (System.nanoTime() - started) / 1e9);
  }

  /**
   * Begins a scrape whose graph goes into a pipeline the caller runs, possibly with later stages
   * reading its pages ({@code DataPath}): {@link Stage#expand}, run, {@link Stage#end}, then {@link
   * Stage#publish}.
   */
  public static Stage begin(Options options, Lake lake) {
    LocalDate dt = StageRuns.runDate(options);
    String runId = StageRuns.runId(options, "scrape");
    CrawlSettings settings = settings(options, runId);
    Optional<Snapshot> previous = lake.asOf(Tables.BRONZE_PAGES, dt);
    return new Stage(
        options, dt, settings, previous, StagePublication.begin(lake, dt, runId, TABLES));
  }

  /** A scrape begun: bronze pending until {@link #publish}. */
  public static final class Stage {
    private final Options options;
    private final LocalDate dt;
    private final CrawlSettings settings;
    private final Optional<Snapshot> previous;
    private final StagePublication publication;

    private Stage(
        Options options,
        LocalDate dt,
        CrawlSettings settings,
        Optional<Snapshot> previous,
        StagePublication publication) {
      this.options = options;
      this.dt = dt;
      this.settings = settings;
      this.previous = previous;
      this.publication = publication;
    }

    /** The bronze tables being written. */
    public StagePublication publication() {
      return publication;
    }

    /** Adds the crawl to {@code pipeline}; returns the pages bronze.pages gets. */
    public PCollection<Page> expand(Pipeline pipeline) {
      return buildGraph(
          pipeline,
          options,
          settings,
          previous,
          publication.pending(Tables.BRONZE_PAGES),
          publication.pending(Tables.BRONZE_FETCH_ERRORS),
          publication.tempDirectory());
    }

    /** Forgets the run's host gates and robots.txt rules in this JVM; once the pipeline ended. */
    public void end() {
      RunResources.forget(settings.runId());
    }

    /**
     * Commits bronze from the pipeline's counters, or aborts it and throws when the start page
     * could not be fetched or too many pages failed.
     *
     * @param seconds the pipeline's wall time, for the summary
     */
    public Summary publish(PipelineResult result, double seconds) {
      long listing = StageRuns.counter(result, METRICS, "listing_pages");
      long fetched = StageRuns.counter(result, METRICS, "product_pages");
      long notModified = StageRuns.counter(result, METRICS, "product_not_modified");
      long pageRows = StageRuns.rowsWritten(result, Tables.BRONZE_PAGES.toString());
      long errorRows = StageRuns.rowsWritten(result, Tables.BRONZE_FETCH_ERRORS.toString());

      if (StageRuns.counter(result, METRICS, "start_pages") == 0) {
        publication.abort();
        throw new IllegalStateException(
            "Cannot scrape source, its start page could not be fetched: " + options.getSource());
      }
      double errorRatio = errorRows / (double) Math.max(1, pageRows + errorRows);
      if (errorRatio > options.getMaxErrorRatio()) {
        publication.abort();
        throw new IllegalStateException(
            String.format(
                "Cannot publish bronze for dt=%s: %d of %d pages failed (%.0f%% > --max-error-ratio %.0f%%)",
                dt,
                errorRows,
                pageRows + errorRows,
                100 * errorRatio,
                100 * options.getMaxErrorRatio()));
      }
      Map<TableId, Snapshot> committed = publication.commit(result, METRICS);
      return new Summary(
          dt,
          settings.runId(),
          listing,
          fetched,
          notModified,
          errorRows,
          seconds,
          committed.get(Tables.BRONZE_PAGES),
          committed.get(Tables.BRONZE_FETCH_ERRORS));
    }
  }

  /** Refuses option values the crawl cannot run with (exit 2 from the command line). */
  public static void check(Options options) {
    if (options.getMaxConcurrency() < 1
        || options.getMaxAttempts() < 1
        || options.getFetchGroups() < 1) {
      throw new UsageException(
          "Cannot crawl with --max-concurrency, --max-attempts or --fetch-groups below 1: "
              + options.getMaxConcurrency()
              + ", "
              + options.getMaxAttempts()
              + ", "
              + options.getFetchGroups());
    }
    if (options.getMaxBodyBytes() < 1 || options.getTimeoutMs() < 1) {
      throw new UsageException(
          "Cannot crawl with --max-body-bytes or --timeout-ms below 1: "
              + options.getMaxBodyBytes()
              + ", "
              + options.getTimeoutMs());
    }
    scope(options);
  }

  private static SiteScope scope(Options options) {
    try {
      return SiteScope.of(options.getSource(), options.getAllowedHosts());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  static CrawlSettings settings(Options options, String runId) {
    check(options);
    return new CrawlSettings(
        options.getCrawlerUserAgent(),
        options.getMaxConcurrency(),
        options.getDelayMs(),
        options.getTimeoutMs(),
        options.getMaxAttempts(),
        options.getRetryBaseMs(),
        options.getMaxRetryAfterMs(),
        runId,
        options.getRunDate(),
        scope(options),
        options.getMaxBodyBytes());
  }

  static PCollection<Page> buildGraph(
      Pipeline pipeline,
      Options options,
      CrawlSettings settings,
      Optional<Snapshot> previous,
      PendingSnapshot pages,
      PendingSnapshot errors,
      String temp) {
    PCollection<Page> previousPages =
        previous.isPresent() && !previous.get().files().isEmpty()
            ? pipeline.apply(
                "ReadPreviousPages", LakeIO.read(Page.class, previous.get().fileNames()))
            : pipeline.apply("NoPreviousPages", Create.empty(AvroCoder.of(Page.class)));
    PCollectionView<Map<String, Validators>> validators =
        previousPages
            .apply(
                "KeepProductPages", Filter.by((Page p) -> PageKind.PRODUCT.equals(p.getPageKind())))
            .apply(
                "ExtractValidators",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(Validators.class)))
                    .via(
                        (Page p) ->
                            KV.of(p.getUrl(), new Validators(p.getEtag(), p.getLastModified()))))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Validators.class)))
            .apply("ValidatorsByUrl", View.asMap());

    PCollectionTuple site =
        pipeline
            .apply("StartPage", Create.of(options.getSource()))
            .apply("CrawlSite", new SitePages(settings, options.getProgressSeconds(), validators));
    PCollectionTuple carried =
        site.get(SitePages.NOT_MODIFIED)
            .apply(
                "CarryOverUnchanged",
                new CarriedOverPages(previousPages, settings, options.getFetchGroups()));

    PCollection<Page> all =
        PCollectionList.of(site.get(SitePages.PAGES))
            .and(carried.get(CarriedOverPages.PAGES))
            .apply("AllPages", Flatten.pCollections());
    all.apply(
        "WriteBronzePages",
        LakeIO.write(Page.class)
            .to(pages.directory().toString())
            .withTempDirectory(temp)
            .withNumShards(options.getPageShards())
            .withRowCounter(Tables.BRONZE_PAGES.toString()));
    PCollectionList.of(site.get(SitePages.ERRORS))
        .and(carried.get(CarriedOverPages.ERRORS))
        .apply("AllFetchErrors", Flatten.pCollections())
        .apply(
            "WriteBronzeFetchErrors",
            LakeIO.write(FetchError.class)
                .to(errors.directory().toString())
                .withTempDirectory(temp)
                .withNumShards(1)
                .withRowCounter(Tables.BRONZE_FETCH_ERRORS.toString()));
    return all;
  }
}
