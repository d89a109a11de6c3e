package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.pipelines.datapath.DataPath;
import dev.bookslake.sandbox.SandboxConfig;
import dev.bookslake.sandbox.SandboxServer;
import io.helidon.webserver.WebServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium driven by its chromedriver, no
 * Selenium Manager, nothing downloaded): over a lake the real pipelines built from the sandbox (two
 * days, both models trained and promoted, a drift report per day) every page draws its charts with
 * data, counted through ECharts' own API, and raises no error; over an empty lake every page says
 * what is missing instead. A screenshot of each page goes to {@code target/dashboard-screenshots/}
 * (the ones in docs/dashboard/ are copies), with the load times measured by the browser.
 *
 * <p>The runs, API and sentiment views must draw from their routes ({@code /api/v1/runs}, {@code
 * /api/v1/metrics/routes}, {@code /api/v1/stats/sentiment}): each answers data on the test lake.
 */
class DashboardIT {
  /** Books in the test lake; {@code -Ddashboard.books=1000} measures on the demo's size. */
  private static final int BOOKS = Integer.getInteger("dashboard.books", 60);

  /**
   * A bound against regressions, above what a page takes (0.1–0.8 s measured, see timings.txt) so
   * that a busy 2-core machine does not fail it.
   */
  private static final long MAX_LOAD_MS = 1500;

  private static final List<String> DAYS = List.of("2026-01-01", "2026-01-02");
  private static final List<String> PAGES =
      List.of("catalogue", "book", "runs", "models", "drift", "api");
  private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Counts, per chart on the page, its series and their non-null points. */
  private static final String CHARTS_JS =
      """
      return [...document.querySelectorAll('.chart')].map(el => {
        const option = echarts.getInstanceByDom(el).getOption();
        return {name: el.dataset.chart || '', series: option.series.map(s => ({
          name: String(s.name), points: (s.data || []).filter(v => v !== null && v !== undefined).length,
          marks: s.markLine && s.markLine.data ? s.markLine.data.length : 0}))};
      });
      """;

  private static final String MISSING_JS =
      "return [...document.querySelectorAll('.missing')].filter(e => !e.hidden).map(e => e.textContent);";

  private static final List<WebServer> SERVERS = new ArrayList<>();
  private static final List<Components> COMPONENTS = new ArrayList<>();
  private static final Map<String, String> TIMINGS = new LinkedHashMap<>();
  private static String lakeUrl;
  private static String emptyUrl;
  private static ChromeDriverService service;
  private static ChromeDriver browser;

  @BeforeAll
  static void lakesServersAndBrowser() throws Exception {
    ensureDebianPackages();
    Path lake = TestLakes.newFolder("dashboard");
    for (int day = 0; day < DAYS.size(); day++) {
      SandboxConfig sandbox = SandboxConfig.builder().books(BOOKS).port(0).day(day).build();
      try (SandboxServer server = SandboxServer.start(sandbox)) {
        DataPath.run(
            PipelineOptionsFactory.fromArgs(
                    "--source=" + server.baseUri(),
                    "--lake=" + lake,
                    "--runDate=" + DAYS.get(day),
                    "--retryBaseMs=10",
                    "--progressSeconds=60")
                .withValidation()
                .as(DataPath.Options.class));
      }
    }
    String last = DAYS.get(DAYS.size() - 1);
    for (String target : List.of("rating", "price")) {
      assertThat(
              TestLakes.cli(
                  "train",
                  "--lake",
                  lake.toString(),
                  "--run-date",
                  last,
                  "--target",
                  target,
                  "--promote-if-better"))
          .as("train %s", target)
          .isZero();
    }
    for (String dt : DAYS) {
      // 0 (no drift) or 3 (drift): the report is written either way.
      assertThat(
              TestLakes.cli(
                  "monitor", "--lake", lake.toString(), "--run-date", dt, "--min-rows", "1"))
          .as("monitor %s", dt)
          .isIn(0, 3);
    }
    lakeUrl = start(lake);
    emptyUrl = start(TestLakes.newFolder("dashboard-empty"));
    Files.createDirectories(SCREENSHOTS);

    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,800",
        "--hide-scrollbars");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    browser = new ChromeDriver(service, options);
    // Screenshots of 1280x800: the viewport, without what the window's frame takes.
    long frame = ((Number) script("return window.outerHeight - window.innerHeight;")).longValue();
    browser.manage().window().setSize(new Dimension(1280, 800 + (int) frame));
  }

  @AfterAll
  static void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
    SERVERS.forEach(WebServer::stop);
    COMPONENTS.forEach(Components::close);
    StringBuilder report = new StringBuilder();
    TIMINGS.forEach((k, v) -> report.append(k).append(' ').append(v).append('\n'));
    Files.writeString(SCREENSHOTS.resolve("timings.txt"), report.toString());
    System.out.println("Dashboard load times (" + BOOKS + " books):\n" + report);
  }

  @Test
  void everyPageDrawsItsChartsFromTheLake() throws IOException {
    // The first load of a run warms the JVMs of the server and the browser: measured, not asserted.
    warmUp(lakeUrl, "lake");
    Map<String, List<Map<String, Object>>> charts = new LinkedHashMap<>();
    Map<String, List<String>> messages = new LinkedHashMap<>();
    for (String page : PAGES) {
      open(lakeUrl, page, "lake");
      if (page.equals("api")) {
        waitForRates();
      }
      charts.put(page, charts());
      messages.put(page, messages());
      screenshot(page);
    }

    assertDrawn(
        charts.get("catalogue"),
        "books-per-category",
        "price-histogram",
        "rating-distribution",
        "stock-histogram");
    assertThat(points(charts.get("catalogue"), "books-per-category", "books"))
        .as("a bar per category")
        .isGreaterThan(1);
    assertDrawn(charts.get("book"), "price-history", "stock-history", "similar-books");
    assertDrawn(charts.get("models"), "metrics-rating", "metrics-price");
    assertDrawn(charts.get("drift"), "psi-rating", "psi-price");
    assertThat(points(charts.get("drift"), "psi-rating", null))
        .as("a PSI point per feature and dt")
        .isGreaterThanOrEqualTo(DAYS.size());
    assertThat(
            charts.get("drift").stream()
                .filter(c -> c.get("name").equals("psi-rating"))
                .flatMap(c -> series(c).stream())
                .mapToLong(s -> ((Number) s.get("marks")).longValue())
                .sum())
        .as("the moderate and significant PSI thresholds are drawn")
        .isEqualTo(2);
    assertThat(messages.get("catalogue"))
        .noneMatch(m -> m.startsWith("Catalogue") || m.startsWith("Overview"));
    assertThat(messages.get("book")).isEmpty();
    assertThat(messages.get("models")).noneMatch(m -> m.contains("no models"));
    assertThat(messages.get("drift")).isEmpty();

    assertDrawnFrom(
        charts.get("catalogue"), "/api/v1/stats/sentiment", "j.categories.length > 0", "sentiment");
    assertDrawnFrom(
        charts.get("runs"), "/api/v1/runs?days=30", "j.runs.length > 0", "pages", "rows");
    assertThat(points(charts.get("runs"), "pages", null))
        .as("pages fetched, not modified and failed per dt")
        .isGreaterThanOrEqualTo(DAYS.size());
    assertDrawnFrom(
        charts.get("api"),
        "/api/v1/metrics/routes",
        "j.routes.some(r => r.requests > 0)",
        "latency",
        "request-rate",
        "error-rate");
    assertThat(messages.get("runs")).isEmpty();

    // the category filter narrows the distributions to one category
    open(lakeUrl, "catalogue?category=Travel", "lake-filtered");
    long travel =
        ((Number)
                script(
                    "return fetch('/api/v1/categories').then(r => r.json()).then(j =>"
                        + " (j.items.find(c => c.name === 'Travel') || {books: 0}).books);"))
            .longValue();
    if (travel > 0) {
      assertThat(points(charts(), "rating-distribution", "books")).isEqualTo(5);
      assertThat(
              ((Number)
                      script(
                          "return echarts.getInstanceByDom(document.querySelector("
                              + "'[data-chart=price-histogram]')).getOption().series[0].data"
                              + ".reduce((a, b) => a + b, 0);"))
                  .longValue())
          .as("the price histogram counts Travel's books only")
          .isEqualTo(travel);
    }
  }

  @Test
  void everyPageSaysWhatIsMissingOnAnEmptyLake() throws IOException {
    warmUp(emptyUrl, "empty");
    for (String page : PAGES) {
      open(emptyUrl, page, "empty");
      if (page.equals("api")) {
        // The server's own figures, not the lake's: the page's requests are counted, and drawn.
        assertDrawn(charts(), "latency");
        screenshot("empty-" + page);
        continue;
      }
      List<String> messages = messages();
      assertThat(messages).as("%s: what is missing", page).isNotEmpty();
      assertThat(charts())
          .as("%s: no chart without data", page)
          .allSatisfy(
              c -> assertThat(series(c)).allMatch(s -> ((Number) s.get("points")).intValue() == 0));
      String expected =
          switch (page) {
            case "catalogue", "book" -> "no gold snapshot";
            case "runs" -> "no runs data yet";
            case "models" -> "no models yet";
            case "drift" -> "no drift report yet";
            default -> throw new IllegalStateException("Cannot check page: " + page);
          };
      assertThat(String.join("\n", messages).toLowerCase(Locale.ROOT))
          .as("%s: %s", page, messages)
          .contains(expected);
      screenshot("empty-" + page);
    }
  }

  private static void warmUp(String base, String lake) {
    browser.get("about:blank");
    browser.get(base + "/dashboard#catalogue");
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> "catalogue".equals(script("return document.body.dataset.ready || null;")));
    TIMINGS.put(
        lake + " first-load",
        "navigation-to-drawn="
            + Math.round(((Number) script("return window.dashboard.readyAt;")).doubleValue())
            + "ms (cold: server and browser not warmed up)");
    assertNoErrors("first load");
  }

  /** Opens a page afresh (a full load), waits until it has drawn, and checks it raised no error. */
  private static void open(String base, String page, String lake) {
    browser.get("about:blank");
    browser.get(base + "/dashboard#" + page);
    String name = page.contains("?") ? page.substring(0, page.indexOf('?')) : page;
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> name.equals(script("return document.body.dataset.ready || null;")));
    @SuppressWarnings("unchecked")
    Map<String, Object> timing =
        (Map<String, Object>)
            script(
                "const n = performance.getEntriesByType('navigation')[0];"
                    + " return {ready: Math.round(window.dashboard.readyAt),"
                    + " render: window.dashboard.timings[arguments[0]],"
                    + " load: Math.round(n.loadEventEnd)};",
                name);
    TIMINGS.put(
        lake + " " + page,
        "navigation-to-drawn="
            + timing.get("ready")
            + "ms render="
            + timing.get("render")
            + "ms load-event="
            + timing.get("load")
            + "ms");
    assertThat(((Number) timing.get("ready")).longValue())
        .as("%s %s drawn within %d ms of navigation", lake, page, MAX_LOAD_MS)
        .isLessThan(MAX_LOAD_MS);
    assertNoErrors(page);
  }

  private static void assertNoErrors(String page) {
    assertThat((List<?>) script("return window.dashboard.errors;"))
        .as("%s: errors caught in the page", page)
        .isEmpty();
    List<String> severe = new ArrayList<>();
    for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
      // A route answering 404/503 is logged by Chromium as a failed resource: the page shows it.
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()
          && !e.getMessage().contains("Failed to load resource")) {
        severe.add(e.getMessage());
      }
    }
    assertThat(severe).as("%s: console errors", page).isEmpty();
  }

  /** The API page draws rates from the second poll on: waits for it when the route exists. */
  private static void waitForRates() {
    // Without the route (or its data) the page says so and never polls.
    if (messages().stream().noneMatch(m -> m.startsWith("Collecting"))) {
      return;
    }
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(d -> points(charts(), "request-rate", null) > 0);
  }

  private static void assertDrawn(List<Map<String, Object>> charts, String... names) {
    for (String name : names) {
      assertThat(charts).as("chart %s", name).anyMatch(c -> c.get("name").equals(name));
      assertThat(points(charts, name, null)).as("points of %s", name).isPositive();
    }
  }

  /** A page's charts drawn from a route that answers data on the test lake. */
  private static void assertDrawnFrom(
      List<Map<String, Object>> charts, String route, String hasData, String... names) {
    Object state =
        script(
            "return fetch(arguments[0]).then(r => r.status !== 200 ? String(r.status)"
                + " : r.json().then(j => ("
                + hasData
                + ") ? 'data' : 'empty'));",
            route);
    assertThat(state).as("%s on the test lake", route).isEqualTo("data");
    assertDrawn(charts, names);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> series(Map<String, Object> chart) {
    return (List<Map<String, Object>>) chart.get("series");
  }

  /** Points of a chart's series (of one series when named, else of all). */
  private static long points(List<Map<String, Object>> charts, String chart, String series) {
    return charts.stream()
        .filter(c -> c.get("name").equals(chart))
        .flatMap(c -> series(c).stream())
        .filter(s -> series == null || s.get("name").equals(series))
        .mapToLong(s -> ((Number) s.get("points")).longValue())
        .sum();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> charts() {
    return (List<Map<String, Object>>) script(CHARTS_JS);
  }

  @SuppressWarnings("unchecked")
  private static List<String> messages() {
    return (List<String>) script(MISSING_JS);
  }

  private static Object script(String js, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(js, args);
  }

  private static void screenshot(String name) throws IOException {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static String start(Path lake) {
    Components components = Components.create(TestLakes.config(lake, Map.of()), false).start();
    COMPONENTS.add(components);
    WebServer server =
        WebServer.builder()
            .port(0)
            .update(Main::server)
            .routing(routing -> Main.routing(routing, components))
            .build()
            .start();
    SERVERS.add(server);
    return "http://127.0.0.1:" + server.port();
  }

  /** Chromium and its driver from Debian, installed when missing (as root or with sudo). */
  private static void ensureDebianPackages() throws IOException, InterruptedException {
    Path script = Path.of("..", "scripts", "debian-packages.sh").toAbsolutePath().normalize();
    Process p =
        new ProcessBuilder(script.toString(), "chromium:chromium", "chromedriver:chromium-driver")
            .inheritIO()
            .start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("debian-packages.sh finished").isTrue();
    assertThat(p.exitValue()).as("debian-packages.sh chromium chromedriver").isZero();
    assertThat(CHROMIUM).isExecutable();
    assertThat(CHROMEDRIVER).isExecutable();
  }
}
