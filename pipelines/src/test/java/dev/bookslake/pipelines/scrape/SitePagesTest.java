package dev.bookslake.pipelines.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.pipelines.scrape.internal.CrawlSettings;
import dev.bookslake.pipelines.scrape.internal.SiteScope;
import dev.bookslake.schemas.bronze.FetchError;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class SitePagesTest {
  // Nothing listens on port 9 (discard): a request that slipped through would fail as io, not
  // off_site.
  private static final CrawlSettings SETTINGS =
      new CrawlSettings(
          "bookslake/test",
          4,
          0,
          1000,
          1,
          10,
          50,
          "site-pages-test",
          "2026-01-02",
          SiteScope.of("http://127.0.0.1:9/", List.of("127.0.0.1:10")),
          8L << 20);

  @Test
  void startPagesOffTheSiteBecomeFetchErrorsWithoutARequest() {
    List<String> urls =
        List.of(
            "http://elsewhere.invalid/catalogue/a_1/index.html",
            "https://127.0.0.1:9/catalogue/b_2/index.html",
            "http://127.0.0.1:11/catalogue/c_3/index.html",
            "http://localhost:9/catalogue/d_4/index.html",
            "javascript:alert(1)");

    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollectionTuple fetched =
        p.apply(Create.of(urls)).apply(new SitePages(SETTINGS, 60, noValidators(p)));

    PAssert.that(fetched.get(SitePages.PAGES)).empty();
    PAssert.that(
            fetched
                .get(SitePages.ERRORS)
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (FetchError e) ->
                                e.getErrorClass()
                                    + " "
                                    + e.getAttempts()
                                    + " "
                                    + e.getLastStatus()
                                    + " "
                                    + e.getUrl())))
        .containsInAnyOrder(
            "off_site 0 null http://elsewhere.invalid/catalogue/a_1/index.html",
            "off_site 0 null https://127.0.0.1:9/catalogue/b_2/index.html",
            "off_site 0 null http://127.0.0.1:11/catalogue/c_3/index.html",
            "off_site 0 null http://localhost:9/catalogue/d_4/index.html",
            "invalid_url 0 null javascript:alert(1)");
    PipelineResult result = p.run();
    result.waitUntilFinish();

    long offSite =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(ScrapePipeline.METRICS, "off_site_links"))
                    .build())
            .getCounters()
            .iterator()
            .next()
            .getAttempted();
    assertThat(offSite).isEqualTo(4);
  }

  // HotSpot's exit waits up to 300 ms for threads in native code, and an open HTTP client's
  // selector thread sits in epoll_wait: every crawling command ended 0.3 s late until the crawl
  // closed its client.
  @Test
  void aFinishedCrawlLeavesNoHttpClientThreadRunning() throws InterruptedException {
    Set<Thread> before = selectorThreads();
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(true);
    PCollectionTuple fetched =
        p.apply(Create.of("http://elsewhere.invalid/catalogue/a_1/index.html"))
            .apply(new SitePages(SETTINGS, 60, noValidators(p)));
    PAssert.that(fetched.get(SitePages.PAGES)).empty();
    p.run().waitUntilFinish();

    Set<Thread> left = selectorThreads();
    left.removeAll(before);
    // Closing the client ends its selector thread asynchronously.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (left.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(left).filteredOn(Thread::isAlive).isEmpty();
  }

  /** The validators of a first crawl: none. */
  private static PCollectionView<Map<String, Validators>> noValidators(TestPipeline p) {
    return p.apply(
            "NoValidators",
            Create.empty(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(Validators.class))))
        .apply(View.asMap());
  }

  private static Set<Thread> selectorThreads() {
    Set<Thread> threads = new HashSet<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().matches("HttpClient-\\d+-SelectorManager")) {
        threads.add(thread);
      }
    }
    return threads;
  }
}
