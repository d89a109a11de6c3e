package dev.bookslake.pipelines.scrape;

import static dev.bookslake.pipelines.testing.LakeSql.column;
import static dev.bookslake.pipelines.testing.LakeSql.rows;
import static dev.bookslake.pipelines.testing.LakeSql.value;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bookslake.lake.Lake;
import dev.bookslake.sandbox.Catalogue;
import dev.bookslake.sandbox.FaultSpec;
import dev.bookslake.sandbox.RequestRecord;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scrape stage against a sandbox that tries to lead the crawler astray: links and redirects to
 * another site (a second sandbox on another loopback port), redirect chains, a hop into a
 * robots.txt-disallowed path, 64 MiB pages and bodies that trickle in.
 */
class ScrapeHostileSiteIT {
  private static final String DAY0 = "2026-01-01";
  private static final SandboxConfig SHOP = SandboxConfig.builder().books(60).build();

  @TempDir Path lakeDir;

  private static URI trapPage(SandboxServer shop, SandboxServer other) {
    return shop.baseUri()
        .resolve("crawler-traps?site=" + URLEncoder.encode(other.baseUri().toString(), UTF_8));
  }

  /** The five lures of the trap page, as documented in docs/sandbox.md, absolute. */
  private static List<String> lures(SandboxServer shop, SandboxServer other) {
    Catalogue books = shop.catalogue();
    String base = shop.baseUri().toString();
    URI site = other.baseUri();
    return List.of(
        site.resolve(books.productPath(60)).toString(),
        base
            + "redirect-to?url="
            + URLEncoder.encode(site.resolve(books.productPath(59)).toString(), UTF_8),
        base + "redirect/2" + books.productPath(58),
        base + "redirect/6" + books.productPath(57),
        base + "redirect/1/private" + books.productPath(56));
  }

  private static String error(Lake lake, String url) {
    List<Map<String, Object>> found =
        rows(lake, "SELECT error_class FROM bronze.fetch_errors WHERE url = '" + url + "'");
    return found.isEmpty() ? "(no error row)" : (String) found.get(0).get("error_class");
  }

  @Test
  void linksAndRedirectsToAnotherSiteAreNeitherFetchedNorFollowed() {
    try (SandboxServer other = SandboxServer.start(SHOP);
        SandboxServer shop = SandboxServer.start(SHOP)) {
      URI start = trapPage(shop, other);
      List<String> lures = lures(shop, other);
      ScrapePipeline.Summary summary = ScrapePipeline.run(ScrapeRuns.options(start, lakeDir, DAY0));
      Lake lake = Lake.at(lakeDir);

      assertThat(other.requests()).as("requests the other site received").isEmpty();
      assertThat(column(lake, "SELECT url FROM bronze.pages"))
          .noneMatch(url -> url.startsWith(other.baseUri().toString()));
      assertThat(error(lake, lures.get(0))).as("an off-site link").isEqualTo("off_site");
      assertThat(error(lake, lures.get(1)))
          .as("a redirect off the site")
          .isEqualTo("off_site_redirect");
      assertThat(error(lake, lures.get(3))).as("six hops").isEqualTo("too_many_redirects");
      assertThat(error(lake, lures.get(4)))
          .as("a hop into /private/")
          .isEqualTo("robots_disallowed");
      assertThat(shop.requests())
          .extracting(RequestRecord::path)
          .noneMatch(p -> p.startsWith("/private/"));
      assertThat(value(lake, "SELECT count(*) FROM bronze.fetch_errors")).isEqualTo(4L);
      assertThat(summary.errors()).isEqualTo(4L);

      Map<String, Object> followed =
          rows(
                  lake,
                  "SELECT body, http_status, attempts FROM bronze.pages WHERE url = '"
                      + lures.get(2)
                      + "'")
              .get(0);
      assertThat((String) followed.get("body"))
          .as("two on-site hops are followed")
          .contains(shop.catalogue().book(58, 0).upc());
      assertThat(followed.get("http_status")).isEqualTo(200);
      assertThat(value(lake, "SELECT count(*) FROM bronze.pages WHERE page_kind = 'product'"))
          .as("the 60 books and the one reached through two hops")
          .isEqualTo(61L);
      assertThat(
              value(
                  lake,
                  "SELECT message FROM bronze.fetch_errors WHERE url = '" + lures.get(1) + "'"))
          .asString()
          .contains("Cannot follow redirect off the source site")
          .contains(other.baseUri().resolve(shop.catalogue().productPath(59)).toString())
          .contains("--allowed-hosts");
    }
  }

  @Test
  void aStartPageRedirectingToAnotherSiteFailsTheRunWithoutLeaving() {
    try (SandboxServer other = SandboxServer.start(SHOP);
        SandboxServer shop = SandboxServer.start(SHOP)) {
      URI start =
          shop.baseUri()
              .resolve("redirect-to?url=" + URLEncoder.encode(other.baseUri().toString(), UTF_8));
      assertThatThrownBy(() -> ScrapePipeline.run(ScrapeRuns.options(start, lakeDir, DAY0)))
          .hasMessageContaining("Cannot scrape source");
      assertThat(other.requests()).isEmpty();
      assertThat(shop.requests())
          .extracting(RequestRecord::path)
          .as("a refused redirect is not retried")
          .containsExactly("/robots.txt", "/redirect-to");
    }
  }

  @Test
  void hostsAllowedExplicitlyAreCrawledToo() {
    try (SandboxServer other = SandboxServer.start(SHOP);
        SandboxServer shop = SandboxServer.start(SHOP)) {
      URI start = trapPage(shop, other);
      List<String> lures = lures(shop, other);
      ScrapePipeline.run(
          ScrapeRuns.options(
              start,
              lakeDir,
              DAY0,
              "--allowedHosts=localhost:1," + other.baseUri().getHost() + ":" + other.port()));
      Lake lake = Lake.at(lakeDir);

      assertThat(other.requests())
          .extracting(RequestRecord::path)
          .containsExactlyInAnyOrder(
              "/robots.txt", shop.catalogue().productPath(60), shop.catalogue().productPath(59));
      assertThat(column(lake, "SELECT url FROM bronze.pages")).contains(lures.get(0), lures.get(1));
      assertThat(column(lake, "SELECT error_class FROM bronze.fetch_errors"))
          .containsExactlyInAnyOrder("too_many_redirects", "robots_disallowed");
    }
  }

  @Test
  void pagesOverTheBodyCapAreRefusedOnceAndNothingOfThemIsStored() {
    SandboxConfig config =
        SandboxConfig.builder().books(100).faults(FaultSpec.parse("huge=0.04")).build();
    try (SandboxServer shop = SandboxServer.start(config)) {
      ScrapePipeline.run(ScrapeRuns.options(shop.baseUri(), lakeDir, DAY0));
      Lake lake = Lake.at(lakeDir);

      Set<String> huge =
          shop.requests().stream()
              .filter(r -> "huge".equals(r.fault()))
              .map(r -> shop.baseUri().resolve(r.path()).toString())
              .collect(Collectors.toSet());
      assertThat(huge).as("the sandbox served some 64 MiB pages").isNotEmpty();
      assertThat(shop.requests().stream().filter(r -> "huge".equals(r.fault())).count())
          .as("an oversized page is not retried")
          .isEqualTo(huge.size());
      assertThat(
              rows(lake, "SELECT url, error_class, attempts, last_status FROM bronze.fetch_errors"))
          .containsExactlyInAnyOrderElementsOf(
              huge.stream()
                  .map(
                      url ->
                          Map.<String, Object>of(
                              "url",
                              url,
                              "error_class",
                              "too_large",
                              "attempts",
                              1,
                              "last_status",
                              200))
                  .toList());
      assertThat(column(lake, "SELECT url FROM bronze.pages"))
          .doesNotContainAnyElementsOf(huge)
          .hasSize(105 - huge.size());
      assertThat((Long) value(lake, "SELECT max(length(body)) FROM bronze.pages"))
          .isLessThan(100_000L);
      assertThat(value(lake, "SELECT min(message) FROM bronze.fetch_errors"))
          .asString()
          .contains("67108864")
          .contains("8388608")
          .contains("--max-body-bytes");
    }
  }

  @Test
  void aTricklingBodyCannotOutlastTheRequestDeadline() {
    SandboxConfig config =
        SandboxConfig.builder()
            .books(60)
            .faults(FaultSpec.parse("trickle=0.1"))
            .slowMillis(3000)
            .build();
    try (SandboxServer shop = SandboxServer.start(config)) {
      ScrapePipeline.run(ScrapeRuns.options(shop.baseUri(), lakeDir, DAY0, "--timeoutMs=800"));
      Lake lake = Lake.at(lakeDir);

      Map<String, List<RequestRecord>> byPath =
          shop.requests().stream().collect(Collectors.groupingBy(RequestRecord::path));
      Set<String> trickledFirst =
          byPath.entrySet().stream()
              .filter(e -> "trickle".equals(e.getValue().get(0).fault()))
              .map(e -> shop.baseUri().resolve(e.getKey()).toString())
              .collect(Collectors.toSet());
      assertThat(trickledFirst).as("pages whose first answer trickled").isNotEmpty();
      for (String url : trickledFirst) {
        List<Map<String, Object>> page =
            rows(lake, "SELECT attempts FROM bronze.pages WHERE url = '" + url + "'");
        String outcome =
            page.isEmpty() ? error(lake, url) : "attempts=" + page.get(0).get("attempts");
        assertThat(outcome)
            .as("outcome of %s", url)
            .isIn("attempts=2", "attempts=3", "attempts=4", "attempts=5", "timeout");
      }
      assertThat(
              value(
                  lake, "SELECT count(*) FROM bronze.fetch_errors WHERE error_class <> 'timeout'"))
          .isEqualTo(0L);
    }
  }
}
