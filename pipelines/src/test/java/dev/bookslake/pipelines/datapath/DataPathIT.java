package dev.bookslake.pipelines.datapath;

import static dev.bookslake.pipelines.testing.LakeSql.column;
import static dev.bookslake.pipelines.testing.LakeSql.rows;
import static dev.bookslake.pipelines.testing.LakeSql.rowsAsOf;
import static dev.bookslake.pipelines.testing.LakeSql.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.lake.Lake;
import dev.bookslake.sandbox.Catalogue;
import dev.bookslake.sandbox.MalformedSpec;
import dev.bookslake.sandbox.SandboxBook;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scrape → clean → features against the sandbox: silver and gold hold what the sandbox served. */
class DataPathIT {
  private static final String DAY0 = "2026-01-01";
  private static final String DAY1 = "2026-01-02";
  private static final List<String> TABLES =
      List.of(
          "silver.books",
          "silver.quarantine",
          "silver.book_history",
          "silver.quality_report",
          "gold.books",
          "gold.category_stats",
          "gold.overview",
          "gold.features",
          "gold.training_data",
          "gold.similar_books",
          "gold.book_sentiment");

  /**
   * Columns that name the run or the moment of fetching, which differ between two runs by design.
   */
  private static final Set<String> VOLATILE =
      Set.of("run_id", "scraped_at", "fetched_at", "failed_at");

  @TempDir Path dir;

  static DataPath.Summary run(URI source, Path lake, String runDate, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--source=" + source,
                "--lake=" + lake,
                "--runDate=" + runDate,
                "--retryBaseMs=10",
                "--progressSeconds=60"));
    args.addAll(List.of(extra));
    return DataPath.run(
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
            .withValidation()
            .as(DataPath.Options.class));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aThousandBooksReachSilverAndGoldWithTheValuesTheSandboxServed() {
    try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.builder().books(1000).build())) {
      run(sandbox.baseUri(), dir, DAY0);
      Lake lake = Lake.at(dir);
      Catalogue catalogue = sandbox.catalogue();

      assertThat(value(lake, "SELECT count(*) FROM silver.books")).isEqualTo(1000L);
      assertThat(value(lake, "SELECT count(DISTINCT upc) FROM gold.books")).isEqualTo(1000L);
      assertThat(value(lake, "SELECT count(*) FROM silver.quarantine")).isEqualTo(0L);
      assertThat(value(lake, "SELECT count(*) FROM gold.category_stats")).isEqualTo(50L);
      assertThat(value(lake, "SELECT sum(books)::BIGINT FROM gold.category_stats"))
          .isEqualTo(1000L);
      assertThat(value(lake, "SELECT count(*) FROM gold.similar_books")).isEqualTo(10_000L);
      assertThat(
              value(
                  lake,
                  "SELECT count(DISTINCT upc) FROM gold.book_sentiment"
                      + " WHERE upc IN (SELECT upc FROM gold.books)"))
          .as("one sentiment row per gold book")
          .isEqualTo(1000L);
      assertThat(value(lake, "SELECT count(*) FROM gold.book_sentiment")).isEqualTo(1000L);

      Set<Integer> sample = new HashSet<>(List.of(1, 500, 1000));
      for (int id = 1; id <= 1000; id++) {
        SandboxBook b = catalogue.book(id, 0);
        if (b.description() == null
            || b.description().indexOf('\u00ad') >= 0
            || b.description().indexOf('\u200b') >= 0
            || b.tax().signum() > 0
            || !b.inStock()
            || b.title().equals(Catalogue.STAR_TOUCHED_QUEEN)) {
          sample.add(id);
        }
      }
      for (int id : sample) {
        SandboxBook expected = catalogue.book(id, 0);
        Map<String, Object> row =
            rows(lake, "SELECT * FROM silver.books WHERE site_id = " + id).get(0);
        assertThat(row.get("upc")).as("upc of %d", id).isEqualTo(expected.upc());
        assertThat(row.get("title")).as("title of %d", id).isEqualTo(expected.title());
        assertThat(row.get("category")).as("category of %d", id).isEqualTo(expected.category());
        assertThat((BigDecimal) row.get("price_excl_tax"))
            .as("price excl of %d", id)
            .isEqualByComparingTo(expected.priceExclTax());
        assertThat((BigDecimal) row.get("price_incl_tax"))
            .as("price incl of %d", id)
            .isEqualByComparingTo(expected.priceInclTax());
        assertThat((BigDecimal) row.get("tax"))
            .as("tax of %d", id)
            .isEqualByComparingTo(expected.tax());
        assertThat(row.get("currency")).isEqualTo("GBP");
        assertThat(row.get("stock_count")).as("stock of %d", id).isEqualTo(expected.stockCount());
        assertThat(row.get("in_stock")).as("in stock of %d", id).isEqualTo(expected.inStock());
        assertThat(row.get("rating")).as("rating of %d", id).isEqualTo(expected.rating());
        assertThat(row.get("review_count"))
            .as("reviews of %d", id)
            .isEqualTo(expected.reviewCount());
        assertThat(row.get("description"))
            .as("description of %d", id)
            .isEqualTo(expected.description());
        assertThat(row.get("product_url"))
            .isEqualTo(sandbox.baseUri().resolve(catalogue.productPath(id)).toString());
        assertThat((String) row.get("image_url"))
            .startsWith(sandbox.baseUri().toString())
            .endsWith(expected.imagePath());
      }
      assertThat(
              column(
                  lake,
                  "SELECT site_id FROM silver.books WHERE title = '"
                      + Catalogue.STAR_TOUCHED_QUEEN
                      + "'"))
          .as("two books share a title; both are kept, keyed by UPC")
          .hasSize(2);
    }
  }

  @Test
  void malformedPagesLandInQuarantineWithTheRuleTheyBreak() {
    MalformedSpec spec =
        MalformedSpec.parse("missing-price=3,zero-rating=2,bad-upc=2,duplicate-upc=2");
    try (SandboxServer sandbox =
        SandboxServer.start(SandboxConfig.builder().books(200).malformed(spec).build())) {
      run(sandbox.baseUri(), dir, DAY0);
      Lake lake = Lake.at(dir);
      Catalogue catalogue = sandbox.catalogue();
      Map<String, String> ruleOfDefect =
          Map.of(
              "missing-price",
              "price_present",
              "zero-rating",
              "rating_range",
              "bad-upc",
              "upc_format",
              "duplicate-upc",
              "upc_unique");

      Map<Integer, Set<String>> expected = new HashMap<>();
      catalogue
          .malformedBooks()
          .forEach((id, defect) -> expected.put(id, Set.of(ruleOfDefect.get(defect))));
      // A duplicated UPC cannot tell the copy from the original, so both are quarantined.
      catalogue.malformedBooks().entrySet().stream()
          .filter(e -> e.getValue().equals("duplicate-upc"))
          .forEach(
              e -> {
                String upc = catalogue.book(e.getKey(), 0).upc();
                for (int id = 1; id <= 200; id++) {
                  if (id != e.getKey() && catalogue.book(id, 0).upc().equals(upc)) {
                    expected.put(id, Set.of("upc_unique"));
                  }
                }
              });
      assertThat(expected).hasSize(11);

      Map<Integer, Set<String>> quarantined =
          rows(lake, "SELECT site_id, rule FROM silver.quarantine").stream()
              .collect(
                  Collectors.groupingBy(
                      r -> (Integer) r.get("site_id"),
                      Collectors.mapping(r -> (String) r.get("rule"), Collectors.toSet())));
      assertThat(quarantined).isEqualTo(expected);
      assertThat(value(lake, "SELECT count(*) FROM silver.books"))
          .isEqualTo(200L - expected.size());
      assertThat(
              column(lake, "SELECT site_id FROM silver.books").stream()
                  .map(Integer::valueOf)
                  .toList())
          .doesNotContainAnyElementsOf(expected.keySet());
      assertThat(value(lake, "SELECT sum(failed)::BIGINT FROM silver.quality_report"))
          .isEqualTo(11L);
    }
  }

  @Test
  void historyHoldsExactlyTheSandboxChangesAndAsOfShowsTheEarlierDay() throws Exception {
    SandboxConfig config = SandboxConfig.builder().books(300).port(freePort()).build();
    Catalogue catalogue = new Catalogue(300, config.seed(), config.malformed());
    Set<Integer> changed = catalogue.changedBetween(0, 1);
    assertThat(changed).isNotEmpty();
    try (SandboxServer day0 = SandboxServer.start(config)) {
      run(day0.baseUri(), dir, DAY0);
    }
    try (SandboxServer day1 = SandboxServer.start(config.toBuilder().day(1).build())) {
      run(day1.baseUri(), dir, DAY1);
    }
    Lake lake = Lake.at(dir);

    assertThat(value(lake, "SELECT count(*) FROM silver.book_history"))
        .isEqualTo(300L + changed.size());
    List<Map<String, Object>> closed =
        rows(
            lake,
            "SELECT b.site_id, h.valid_from, h.valid_to FROM silver.book_history h JOIN silver.books b USING (upc) WHERE NOT h.is_current");
    assertThat(closed.stream().map(r -> (Integer) r.get("site_id")).collect(Collectors.toSet()))
        .isEqualTo(changed);
    assertThat(closed)
        .allSatisfy(
            r -> {
              assertThat(r.get("valid_from").toString()).isEqualTo(DAY0);
              assertThat(r.get("valid_to").toString()).isEqualTo(DAY1);
            });
    for (int id : changed) {
      Map<String, Object> current =
          rows(
                  lake,
                  "SELECT h.price_incl_tax, h.stock_count, h.valid_from FROM silver.book_history h JOIN silver.books b USING (upc) "
                      + "WHERE h.is_current AND b.site_id = "
                      + id)
              .get(0);
      assertThat((BigDecimal) current.get("price_incl_tax"))
          .isEqualByComparingTo(catalogue.book(id, 1).priceInclTax());
      assertThat(current.get("stock_count")).isEqualTo(catalogue.book(id, 1).stockCount());
      assertThat(current.get("valid_from").toString()).isEqualTo(DAY1);
    }
    int id = changed.iterator().next();
    String sql = "SELECT price_incl_tax, stock_count FROM silver.books WHERE site_id = " + id;
    Map<String, Object> asOfDay0 = rowsAsOf(lake, LocalDate.parse(DAY0), sql).get(0);
    assertThat((BigDecimal) asOfDay0.get("price_incl_tax"))
        .isEqualByComparingTo(catalogue.book(id, 0).priceInclTax());
    assertThat(asOfDay0.get("stock_count")).isEqualTo(catalogue.book(id, 0).stockCount());
    assertThat((BigDecimal) rows(lake, sql).get(0).get("price_incl_tax"))
        .isEqualByComparingTo(catalogue.book(id, 1).priceInclTax());
  }

  @Test
  void flinkAndDirectRunnersBuildIdenticalSilverAndGold() {
    MalformedSpec defects =
        MalformedSpec.parse("missing-price=1,zero-rating=1,bad-upc=1,duplicate-upc=1");
    try (SandboxServer sandbox =
        SandboxServer.start(SandboxConfig.builder().books(150).malformed(defects).build())) {
      Lake direct = Lake.at(dir.resolve("direct"));
      Lake flink = Lake.at(dir.resolve("flink"));
      run(sandbox.baseUri(), direct.root(), DAY0);
      run(
          sandbox.baseUri(),
          flink.root(),
          DAY0,
          "--runner=FlinkRunner",
          "--flinkMaster=[local]",
          "--parallelism=2");

      for (String table : TABLES) {
        String columns =
            rows(direct, "DESCRIBE " + table).stream()
                .map(r -> (String) r.get("column_name"))
                .filter(c -> !VOLATILE.contains(c))
                .map(c -> '"' + c + '"')
                .collect(Collectors.joining(", "));
        String sql = "SELECT " + columns + " FROM " + table + " ORDER BY ALL";
        List<Map<String, Object>> expected = rows(direct, sql);
        assertThat(expected).as("%s has rows", table).isNotEmpty();
        assertThat(rows(flink, sql)).as("%s on Flink", table).isEqualTo(expected);
      }
    }
  }

  @Test
  void oneFusedPipelineAndTwoStagePipelinesPublishTheSameBronzeAndSilver() {
    MalformedSpec defects =
        MalformedSpec.parse("missing-price=1,zero-rating=1,bad-upc=1,duplicate-upc=1");
    try (SandboxServer sandbox =
        SandboxServer.start(SandboxConfig.builder().books(120).malformed(defects).build())) {
      Lake fused = Lake.at(dir.resolve("fused"));
      Lake separate = Lake.at(dir.resolve("separate"));
      // Two days: the second cleans pages carried over unchanged (304) and closes history rows.
      for (String day : List.of(DAY0, DAY1)) {
        DataPath.Summary one =
            run(sandbox.baseUri(), fused.root(), day, "--until=silver", "--fuseStages=true");
        DataPath.Summary two = run(sandbox.baseUri(), separate.root(), day, "--until=silver");
        assertThat(one.clean().books()).isEqualTo(two.clean().books()).isPositive();
        assertThat(one.clean().quarantinedPages()).isEqualTo(two.clean().quarantinedPages());
      }

      for (String table :
          List.of(
              "bronze.pages",
              "bronze.fetch_errors",
              "silver.books",
              "silver.quarantine",
              "silver.book_history",
              "silver.quality_report")) {
        String columns =
            rows(separate, "DESCRIBE " + table).stream()
                .map(r -> (String) r.get("column_name"))
                .filter(c -> !VOLATILE.contains(c))
                .map(c -> '"' + c + '"')
                .collect(Collectors.joining(", "));
        String sql = "SELECT " + columns + " FROM " + table + " ORDER BY ALL";
        List<Map<String, Object>> expected = rows(separate, sql);
        if (!table.equals("bronze.fetch_errors")) {
          assertThat(expected).as("%s has rows", table).isNotEmpty();
        }
        assertThat(rows(fused, sql)).as("%s from one pipeline", table).isEqualTo(expected);
      }
    }
  }
}
