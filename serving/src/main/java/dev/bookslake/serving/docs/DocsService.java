package dev.bookslake.serving.docs;

import dev.bookslake.serving.http.ClasspathFiles;
import dev.bookslake.serving.http.JsonOut;
import dev.bookslake.serving.http.Params;
import dev.bookslake.serving.http.Responses;
import dev.bookslake.serving.http.RouteTable;
import dev.bookslake.serving.problem.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API's OpenAPI 3 document ({@code META-INF/openapi.yaml}, as YAML or JSON) and Swagger UI,
 * served from the swagger-ui WebJar on the classpath (no CDN).
 *
 * <pre>
 * curl http://127.0.0.1:8080/api/v1/openapi
 * curl -H 'Accept: application/json' http://127.0.0.1:8080/api/v1/openapi
 * open http://127.0.0.1:8080/api/v1/docs
 * </pre>
 */
public final class DocsService implements HttpService {
  /** The classpath resource of the OpenAPI document. */
  public static final String OPENAPI_RESOURCE = "META-INF/openapi.yaml";

  /** The root path of the service. */
  public static final String PATH = "/api/v1";

  private static final String OWN_ASSETS = "docs/";
  private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");

  private final RouteTable routes;
  private final byte[] yaml;
  private final byte[] json;
  private final String webjarRoot;
  private final String assetTag;
  private final Map<String, Optional<byte[]>> assets = new ConcurrentHashMap<>();

  public DocsService(RouteTable routes) {
    this.routes = routes;
    this.yaml =
        ClasspathFiles.read(OPENAPI_RESOURCE)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot find the OpenAPI document on the classpath: " + OPENAPI_RESOURCE));
    this.json = new JsonOut(yaml.length * 2).value(parse(yaml)).toBytes();
    String version = ClasspathFiles.webJarVersion("org.webjars", "swagger-ui");
    this.webjarRoot = "META-INF/resources/webjars/swagger-ui/" + version + "/";
    this.assetTag = version + "-" + Integer.toHexString(java.util.Arrays.hashCode(yaml));
  }

  @Override
  public void routing(HttpRules rules) {
    routes
        .under(PATH, rules)
        .get("/openapi", this::openapi)
        .get("/docs", this::page)
        .get("/docs/{asset}", this::asset);
  }

  private void openapi(ServerRequest req, ServerResponse res) {
    Params params = Params.of(req, "format");
    boolean asJson = wantsJson(req, params);
    res.header(HeaderNames.VARY, "Accept");
    if (Responses.notModified(
        req, res, "\"openapi-" + (asJson ? "json-" : "yaml-") + assetTag + "\"")) {
      return;
    }
    res.header(HeaderNames.CONTENT_TYPE, asJson ? "application/json" : "application/yaml");
    res.send(asJson ? json : yaml);
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
    byte[] body =
        asset(name).orElseThrow(() -> ProblemException.notFound("documentation asset", name));
    ClasspathFiles.send(req, res, "\"docs-" + assetTag + "-" + name + "\"", name, body);
  }

  /** A Swagger UI file from the WebJar, or one of ours ({@code index.html}, the init script). */
  Optional<byte[]> asset(String name) {
    if (!ASSET.matcher(name).matches()) {
      return Optional.empty();
    }
    return assets.computeIfAbsent(
        name,
        n -> ClasspathFiles.read(OWN_ASSETS + n).or(() -> ClasspathFiles.read(webjarRoot + n)));
  }

  /** The OpenAPI document as a tree of maps and lists. */
  public static Map<String, Object> openApiDocument() {
    return parse(ClasspathFiles.read(OPENAPI_RESOURCE).orElseThrow());
  }

  private static boolean wantsJson(ServerRequest req, Params params) {
    Optional<String> format = params.oneOf("format", "yaml", "json");
    if (format.isPresent()) {
      return format.get().equals("json");
    }
    String accept = req.headers().first(HeaderNames.ACCEPT).orElse("");
    return accept.contains("application/json") && !accept.contains("yaml");
  }

  private static Map<String, Object> parse(byte[] yaml) {
    return new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(new String(yaml, StandardCharsets.UTF_8));
  }
}
