package dev.bookslake.pipelines.scrape;

import static dev.bookslake.pipelines.testing.LakeSql.column;
import static dev.bookslake.pipelines.testing.LakeSql.rows;
import static dev.bookslake.pipelines.testing.LakeSql.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.lake.Snapshot;
import dev.bookslake.lake.Tables;
import dev.bookslake.pipelines.scrape.internal.PageDigest;
import dev.bookslake.sandbox.Catalogue;
import dev.bookslake.sandbox.FaultSpec;
import dev.bookslake.sandbox.RequestRecord;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scrape stage against a real sandbox on a loopback port, landing real Parquet in a temp lake.
 */
class ScrapePipelineIT {
  private static final String DAY0 = "2026-01-01";

  @TempDir Path lakeDir;

  private static Set<String> productUrls(SandboxServer sandbox) {
    Catalogue catalogue = sandbox.catalogue();
    return IntStream.rangeClosed(1, catalogue.size())
        .mapToObj(id -> sandbox.baseUri().resolve(catalogue.productPath(id)).toString())
        .collect(Collectors.toSet());
  }

  @Test
  void landsEveryPageOnceWithNoErrorsOnAHealthySite() {
    try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.builder().books(1000).build())) {
      ScrapePipeline.Summary summary =
          ScrapePipeline.run(ScrapeRuns.options(sandbox.baseUri(), lakeDir, DAY0));
      Lake lake = Lake.at(lakeDir);

      assertThat(summary.errors()).isZero();
      assertThat(column(lake, "SELECT url FROM bronze.pages WHERE page_kind = 'product'"))
          .as("each of the 1000 product pages exactly once")
          .hasSize(1000)
          .containsExactlyInAnyOrderElementsOf(productUrls(sandbox));
      assertThat(column(lake, "SELECT url FROM bronze.pages WHERE page_kind = 'home'"))
          .containsExactly(sandbox.baseUri().toString());
      assertThat(column(lake, "SELECT url FROM bronze.pages WHERE page_kind = 'catalogue'"))
          .as("catalogue pages 2-50, once each")
          .containsExactlyInAnyOrderElementsOf(
              IntStream.rangeClosed(2, 50)
                  .mapToObj(
                      n -> sandbox.baseUri().resolve("/catalogue/page-" + n + ".html").toString())
                  .toList());
      // Discovery overlaps fetching: products are requested before the walk reaches its end.
      List<String> paths = sandbox.requests().stream().map(RequestRecord::path).toList();
      int firstProduct =
          IntStream.range(0, paths.size())
              .filter(i -> paths.get(i).matches("/catalogue/[^/]+_\\d+/index\\.html"))
              .findFirst()
              .orElseThrow();
      assertThat(firstProduct)
          .as("first product request, before the last listing page")
          .isLessThan(paths.indexOf("/catalogue/page-50.html"));
      assertThat(value(lake, "SELECT count(*) FROM bronze.fetch_errors")).isEqualTo(0L);
      assertThat(
              value(
                  lake,
                  "SELECT count(*) FROM bronze.pages WHERE http_status <> 200 OR attempts <> 1 OR dt <> '"
                      + DAY0
                      + "'"))
          .isEqualTo(0L);
      // The stored body is the page the sandbox served, decoded as UTF-8.
      Map<String, Object> book =
          rows(
                  lake,
                  "SELECT body, sha256 FROM bronze.pages WHERE url = '"
                      + sandbox.baseUri().resolve(sandbox.catalogue().productPath(981))
                      + "'")
              .get(0);
      assertThat((String) book.get("body"))
          .contains(sandbox.catalogue().book(981, 0).upc())
          .contains("£" + sandbox.catalogue().book(981, 0).priceInclTax())
          .endsWith("</html>\n");
      assertThat(book.get("sha256")).isEqualTo(PageDigest.sha256((String) book.get("body")));
    }
  }

  /**
   * The walk does not wait for a listing page's products before fetching the next listing page:
   * with two slots, a walk held to its products' pace reached the tenth listing page after ~180
   * product requests, and the slots sat idle while each listing page was fetched and parsed.
   */
  @Test
  void theWalkRunsAheadOfTheProductFetches() {
    try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.builder().books(200).build())) {
      ScrapePipeline.Summary summary =
          ScrapePipeline.run(
              ScrapeRuns.options(sandbox.baseUri(), lakeDir, DAY0, "--maxConcurrency=2"));

      assertThat(summary.errors()).isZero();
      List<String> paths = sandbox.requests().stream().map(RequestRecord::path).toList();
      long productsBeforeLastListing =
          paths.subList(0, paths.indexOf("/catalogue/page-10.html")).stream()
              .filter(p -> p.matches("/catalogue/[^/]+_\\d+/index\\.html"))
              .count();
      assertThat(productsBeforeLastListing)
          .as("product requests before the last of 10 listing pages")
          .isLessThan(60);
      assertThat(paths.stream().filter(p -> p.matches("/catalogue/[^/]+_\\d+/index\\.html")))
          .hasSize(200);
    }
  }

  @Test
  void faultyServerLosesNoPageAndNeverRetriesA404() {
    FaultSpec faults = FaultSpec.parse("500=0.05,503=0.02,timeout=0.01,truncate=0.01,404=0.005");
    SandboxConfig config =
        SandboxConfig.builder().books(1000).faults(faults).timeoutHoldMillis(4000).build();
    try (SandboxServer sandbox = SandboxServer.start(config)) {
      ScrapePipeline.Summary summary =
          ScrapePipeline.run(
              ScrapeRuns.options(sandbox.baseUri(), lakeDir, DAY0, "--timeoutMs=500"));
      Lake lake = Lake.at(lakeDir);

      List<String> fetched =
          column(lake, "SELECT url FROM bronze.pages WHERE page_kind = 'product'");
      List<String> failed =
          column(lake, "SELECT url FROM bronze.fetch_errors WHERE page_kind = 'product'");
      assertThat(fetched).doesNotHaveDuplicates();
      assertThat(failed).doesNotHaveDuplicates();
      assertThat(new HashSet<>(fetched)).doesNotContainAnyElementsOf(failed);
      Set<String> all = new HashSet<>(fetched);
      all.addAll(failed);
      assertThat(all)
          .as("every product page is in exactly one table")
          .isEqualTo(productUrls(sandbox));
      assertThat(
              value(
                  lake,
                  "SELECT count(*) FROM bronze.pages WHERE http_status <> 200 OR NOT regexp_matches(body, '</html>\\s*$')"))
          .as("every landed page is a complete 200")
          .isEqualTo(0L);

      List<RequestRecord> requests = sandbox.requests();
      Set<String> dead =
          requests.stream()
              .filter(r -> "404".equals(r.fault()))
              .map(RequestRecord::path)
              .collect(Collectors.toSet());
      assertThat(dead).as("the sandbox served some dead links").isNotEmpty();
      Map<String, Long> requestsPerPath =
          requests.stream()
              .collect(Collectors.groupingBy(RequestRecord::path, Collectors.counting()));
      assertThat(dead)
          .allSatisfy(
              path ->
                  assertThat(requestsPerPath.get(path)).as("requests of %s", path).isEqualTo(1L));
      assertThat(
              column(
                  lake,
                  "SELECT url FROM bronze.fetch_errors WHERE error_class = 'http_404' AND attempts = 1"))
          .containsExactlyInAnyOrderElementsOf(
              dead.stream().map(p -> sandbox.baseUri().resolve(p).toString()).toList());
      assertThat(
              requests.stream().filter(r -> r.fault() != null && !r.fault().equals("404")).count())
          .as("transient faults happened and were retried")
          .isGreaterThan(50);
      assertThat(value(lake, "SELECT count(*) FROM bronze.pages WHERE attempts > 1"))
          .isNotEqualTo(0L);
      assertThat(summary.errors()).isEqualTo((long) failed.size());
    }
  }

  @Test
  void rerunOfTheSameDateReplacesItAndIsAnsweredByNotModified() {
    try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.builder().books(300).build())) {
      ScrapePipeline.run(ScrapeRuns.options(sandbox.baseUri(), lakeDir, DAY0));
      Lake lake = Lake.at(lakeDir);
      List<Map<String, Object>> first =
          rows(lake, "SELECT url, sha256 FROM bronze.pages ORDER BY url");
      sandbox.clearRequests();

      ScrapePipeline.Summary again =
          ScrapePipeline.run(ScrapeRuns.options(sandbox.baseUri(), lakeDir, DAY0));

      assertThat(again.notModified()).as("unchanged product pages answer 304").isEqualTo(300);
      assertThat(again.toString()).contains("300 not modified");
      assertThat(rows(lake, "SELECT url, sha256 FROM bronze.pages ORDER BY url")).isEqualTo(first);
      assertThat(
              value(
                  lake,
                  "SELECT count(*) FROM bronze.pages WHERE page_kind = 'product' AND http_status = 304 AND length(body) > 0"))
          .isEqualTo(300L);
      assertThat(sandbox.requests().stream().filter(RequestRecord::conditional).count())
          .isEqualTo(300);
      assertThat(lake.committedDates(Tables.BRONZE_PAGES)).hasSize(1);
    }
  }

  @Test
  void nextDayFetchesExactlyTheChangedPagesAgain() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    SandboxConfig config = SandboxConfig.builder().books(400).port(port).build();
    Set<String> changed;
    try (SandboxServer day0 = SandboxServer.start(config)) {
      ScrapePipeline.run(ScrapeRuns.options(day0.baseUri(), lakeDir, DAY0));
      changed =
          day0.catalogue().changedBetween(0, 1).stream()
              .map(id -> day0.baseUri().resolve(day0.catalogue().productPath(id)).toString())
              .collect(Collectors.toSet());
    }
    assertThat(changed).isNotEmpty();
    try (SandboxServer day1 = SandboxServer.start(config.toBuilder().day(1).build())) {
      ScrapePipeline.Summary summary =
          ScrapePipeline.run(ScrapeRuns.options(day1.baseUri(), lakeDir, "2026-01-02"));
      Lake lake = Lake.at(lakeDir);

      assertThat(
              column(
                  lake,
                  "SELECT url FROM bronze.pages WHERE page_kind = 'product' AND http_status = 200"))
          .containsExactlyInAnyOrderElementsOf(changed);
      assertThat(summary.notModified()).isEqualTo(400 - changed.size());
      Snapshot day0Pages =
          lake.snapshot(Tables.BRONZE_PAGES, java.time.LocalDate.parse(DAY0)).orElseThrow();
      assertThat(day0Pages.files()).as("day 0 stays readable").isNotEmpty();
    }
  }

  @Test
  void robotsTxtDisallowIsHonouredAndRecorded() {
    SandboxConfig base = SandboxConfig.builder().books(60).build();
    String forbidden = new Catalogue(60, base.seed(), base.malformed()).productPath(42);
    try (SandboxServer sandbox =
        SandboxServer.start(base.toBuilder().disallow(List.of("/private/", forbidden)).build())) {
      ScrapePipeline.run(ScrapeRuns.options(sandbox.baseUri(), lakeDir, DAY0));
      Lake lake = Lake.at(lakeDir);

      assertThat(sandbox.requests()).noneMatch(r -> r.path().equals(forbidden));
      assertThat(rows(lake, "SELECT url, error_class, attempts FROM bronze.fetch_errors"))
          .containsExactly(
              Map.of(
                  "url",
                  sandbox.baseUri().resolve(forbidden).toString(),
                  "error_class",
                  "robots_disallowed",
                  "attempts",
                  0));
      assertThat(value(lake, "SELECT count(*) FROM bronze.pages WHERE page_kind = 'product'"))
          .isEqualTo(59L);
    }
  }

  @Test
  void crawlDelaySpacesRequestsAndMissingRobotsAllowsAll() {
    SandboxConfig config =
        SandboxConfig.builder().books(30).crawlDelaySeconds(0.05).robots404(false).build();
    try (SandboxServer sandbox = SandboxServer.start(config)) {
      ScrapePipeline.run(ScrapeRuns.options(sandbox.baseUri(), lakeDir, DAY0));
      List<RequestRecord> pages =
          sandbox.requests().stream().filter(r -> !r.path().equals("/robots.txt")).toList();
      assertThat(pages).hasSize(32);
      for (int i = 1; i < pages.size(); i++) {
        assertThat(Duration.between(pages.get(i - 1).at(), pages.get(i).at()).toMillis())
            .as("gap before request %d", i)
            .isGreaterThanOrEqualTo(45);
      }
    }
    try (SandboxServer sandbox =
        SandboxServer.start(SandboxConfig.builder().books(30).robots404(true).build())) {
      ScrapePipeline.run(ScrapeRuns.options(sandbox.baseUri(), lakeDir, "2026-01-02"));
      assertThat(value(Lake.at(lakeDir), "SELECT count(*) FROM bronze.pages")).isEqualTo(32L);
    }
  }

  @Test
  void unreachableSourceFailsTheRunAndKeepsThePreviousSnapshot() throws Exception {
    URI source;
    try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.builder().books(20).build())) {
      source = sandbox.baseUri();
      ScrapePipeline.run(ScrapeRuns.options(source, lakeDir, DAY0));
    }
    Lake lake = Lake.at(lakeDir);
    Snapshot before = lake.current(Tables.BRONZE_PAGES).orElseThrow();

    assertThatThrownBy(
            () ->
                ScrapePipeline.run(
                    ScrapeRuns.options(
                        source, lakeDir, DAY0, "--maxAttempts=2", "--timeoutMs=300")))
        .hasMessageContaining("Cannot scrape source");
    assertThat(lake.current(Tables.BRONZE_PAGES).orElseThrow().version())
        .isEqualTo(before.version());
    assertThat(value(lake, "SELECT count(*) FROM bronze.pages"))
        .as("home page + 20 products")
        .isEqualTo(21L);
  }

  @Test
  void flinkRunnerLandsTheSamePagesAsTheDirectRunner() {
    try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.builder().books(200).build())) {
      Path directLake = lakeDir.resolve("direct");
      Path flinkLake = lakeDir.resolve("flink");
      ScrapePipeline.run(ScrapeRuns.options(sandbox.baseUri(), directLake, DAY0));
      ScrapePipeline.run(ScrapeRuns.flink(sandbox.baseUri(), flinkLake, DAY0));

      String sql = "SELECT url, page_kind, http_status, sha256 FROM bronze.pages ORDER BY url";
      List<Map<String, Object>> direct = rows(Lake.at(directLake), sql);
      assertThat(direct).hasSize(210);
      assertThat(rows(Lake.at(flinkLake), sql)).isEqualTo(direct);
      assertThat(value(Lake.at(flinkLake), "SELECT count(*) FROM bronze.fetch_errors"))
          .isEqualTo(0L);
    }
  }
}
