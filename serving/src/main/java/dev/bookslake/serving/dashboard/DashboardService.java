package dev.bookslake.serving.dashboard;

import dev.bookslake.serving.http.ClasspathFiles;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.problem.ProblemException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard at {@code /dashboard}: one page with a tab per view (catalogue, a book, runs,
 * models, drift, API), small JavaScript modules and ECharts' {@code echarts.min.js} from the
 * echarts WebJar, all from the classpath (works offline). The page reads the API's JSON routes
 * only; the one it needs that no data route answers is {@link CatalogueService}'s.
 *
 * <pre>
 * open http://127.0.0.1:8080/dashboard
 * </pre>
 */
public final class DashboardService implements HttpService {
  /** The root path of the service: the page. */
  public static final String PATH = "/dashboard";

  /** The echarts WebJar's files (its version is the one in serving/pom.xml). */
  static final String ECHARTS = "META-INF/resources/webjars/echarts/";

  private static final String OWN_ASSETS = "dashboard/";
  private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");

  /** The page's own files under {@code dashboard/} on the classpath. */
  static final List<String> FILES =
      List.of(
          "index.html",
          "dashboard.css",
          "errors.js",
          "app.js",
          "common.js",
          "catalogue.js",
          "book.js",
          "runs.js",
          "models.js",
          "drift.js",
          "api.js");

  private final RouteTable routes;
  private final String echartsFile;
  private final String assetTag;
  private final Map<String, Optional<byte[]>> assets = new ConcurrentHashMap<>();

  public DashboardService(RouteTable routes) {
    this.routes = routes;
    String version = ClasspathFiles.webJarVersion("org.webjars.npm", "echarts");
    this.echartsFile = ECHARTS + version + "/dist/echarts.min.js";
    // The files change only with a new build: one tag over all of them, so a new build revalidates.
    int hash = 0;
    for (String file : FILES) {
      hash =
          31 * hash
              + Arrays.hashCode(
                  ClasspathFiles.read(OWN_ASSETS + file)
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  "Cannot find the dashboard file on the classpath: "
                                      + OWN_ASSETS
                                      + file)));
    }
    this.assetTag = version + "-" + Integer.toHexString(hash);
  }

  @Override
  public void routing(HttpRules rules) {
    routes.under(PATH, rules).get("/", this::page).get("/{asset}", this::asset);
  }

  private void page(ServerRequest req, ServerResponse res) {
    Params.of(req);
    send(req, res, "index.html");
  }

  private void asset(ServerRequest req, ServerResponse res) {
    Params.of(req);
    send(req, res, req.path().pathParameters().get("asset"));
  }

  private void send(ServerRequest req, ServerResponse res, String name) {
    byte[] body = asset(name).orElseThrow(() -> ProblemException.notFound("dashboard asset", name));
    ClasspathFiles.send(req, res, "\"dashboard-" + assetTag + "-" + name + "\"", name, body);
  }

  /** One of the page's files, or {@code echarts.min.js} from the WebJar. */
  Optional<byte[]> asset(String name) {
    if (!ASSET.matcher(name).matches()) {
      return Optional.empty();
    }
    if (name.equals("echarts.min.js")) {
      return assets.computeIfAbsent(name, n -> ClasspathFiles.read(echartsFile));
    }
    return FILES.contains(name)
        ? assets.computeIfAbsent(name, n -> ClasspathFiles.read(OWN_ASSETS + n))
        : Optional.empty();
  }
}
