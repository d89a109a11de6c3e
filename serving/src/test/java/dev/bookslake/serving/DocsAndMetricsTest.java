package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.serving.docs.DocsService;
import dev.bookslake.serving.http.RouteTable;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document matches the routing exactly; Swagger UI and Prometheus metrics are served.
 */
@ServerTest
class DocsAndMetricsTest {
  private static final Components COMPONENTS =
      Components.create(
              TestLakes.config(
                  TestLakes.shared(),
                  Map.of("auth.jwt-secret", "docs-test-secret-0123456789abcdef0123")),
              false)
          .start();
  private static final Map<String, String> SAMPLE_PARAMS =
      Map.of(
          "{id}",
          "1",
          "{name}",
          "Poetry",
          "{asset}",
          "swagger-ui.css",
          "{model}",
          "rating",
          "{alias}",
          "production");
  private final Api api;

  DocsAndMetricsTest(WebServer server) {
    this.api = new Api(server);
  }

  @SetUpServer
  static void server(WebServerConfig.Builder server) {
    Main.server(server);
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    Main.routing(routing, COMPONENTS);
  }

  @AfterAll
  static void close() {
    COMPONENTS.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void openApiDocumentsExactlyTheRoutes() {
    Set<String> documented = new TreeSet<>();
    Map<String, Object> paths = (Map<String, Object>) DocsService.openApiDocument().get("paths");
    paths.forEach(
        (path, item) ->
            ((Map<String, Object>) item)
                .keySet()
                .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));
    Set<String> routed = new TreeSet<>();
    COMPONENTS.routes().routes().forEach(r -> routed.add(r.toString()));

    assertThat(routed).as("every route is documented").isSubsetOf(documented);
    assertThat(documented).as("every documented route is routed").isSubsetOf(routed);

    // and the real server answers each documented route from a route, not the fallback
    for (String route : documented) {
      String method = route.substring(0, route.indexOf(' '));
      String uri = route.substring(route.indexOf(' ') + 1);
      for (Map.Entry<String, String> p : SAMPLE_PARAMS.entrySet()) {
        uri = uri.replace(p.getKey(), p.getValue());
      }
      Api.Reply reply = api.send(method, uri, method.equals("POST") ? "{}" : null);
      assertThat(reply.status()).as(route).isNotEqualTo(405).isLessThan(500);
      // This lake has no models or drift report: a 404 must come from the route, naming what is
      // missing.
      if (reply.status() == 404) {
        assertThat(reply.json().getString("type"))
            .as(route)
            .isEqualTo("urn:bookslake:problem:not-found");
      }
    }
  }

  @Test
  void openApiAsYamlAndJson() {
    Api.Reply yaml = api.get("/api/v1/openapi");
    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.contentType()).startsWith("application/yaml");
    assertThat(yaml.body()).startsWith("openapi: 3.");
    Api.Reply json = api.get("/api/v1/openapi", "Accept", "application/json");
    assertThat(json.contentType()).startsWith("application/json");
    assertThat(json.json().getJsonObject("paths").keySet()).contains("/api/v1/books/{id}");
  }

  @Test
  void swaggerUiIsServedFromTheWebJar() {
    Api.Reply page = api.get("/api/v1/docs");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("swagger-ui-bundle.js").doesNotContain("https://");
    Api.Reply bundle = api.get("/api/v1/docs/swagger-ui-bundle.js");
    assertThat(bundle.status()).isEqualTo(200);
    assertThat(bundle.contentType()).startsWith("text/javascript");
    assertThat(bundle.bytes().length).isGreaterThan(100_000);
    assertThat(api.get("/api/v1/docs/bookslake-init.js").body()).contains("/api/v1/openapi");
    api.get("/api/v1/docs/..%2Fpom.properties").assertProblem(404, "pom.properties");
    api.get("/api/v1/docs/nope.js").assertProblem(404, "documentation asset: nope.js");
  }

  @Test
  void prometheusHistogramsPerRouteTemplate() {
    api.get("/api/v1/books/3");
    api.get("/api/v1/books/4");
    api.get("/api/v1/books/nope");
    api.get("/api/v1/unknown/route");

    Api.Reply metrics = api.get("/api/v1/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
    String text = metrics.body();
    assertThat(text)
        .contains("# TYPE bookslake_http_request_duration_seconds histogram")
        .containsPattern(
            "bookslake_http_request_duration_seconds_bucket\\{method=\"GET\",route=\"/api/v1/books/\\{id\\}\",le=\"0.001\"} \\d+")
        .containsPattern(
            "bookslake_http_request_duration_seconds_bucket\\{method=\"GET\",route=\"/api/v1/books/\\{id\\}\",le=\"\\+Inf\"} [3-9]")
        .containsPattern(
            "bookslake_http_request_duration_seconds_count\\{method=\"GET\",route=\"/api/v1/books/\\{id\\}\"} [3-9]")
        .containsPattern(
            "bookslake_http_requests_total\\{method=\"GET\",route=\"/api/v1/books/\\{id\\}\",status=\"404\"} \\d+")
        .contains("route=\"unmatched\"")
        .containsPattern("bookslake_http_errors_total\\{status=\"404\"} \\d+")
        .contains("bookslake_snapshot_info{dt=\"2026-01-02\"")
        .contains("bookslake_snapshot_dt_seconds 1767312000");
  }

  @Test
  void routeTableMatchesConcretePaths() {
    RouteTable routes = COMPONENTS.routes();
    assertThat(routes.methodsFor("/api/v1/books/12/history")).containsExactly("GET");
    assertThat(routes.methodsFor("/api/v1/auth/login")).containsExactly("POST");
    assertThat(routes.methodsFor("/api/v1/books/12/other")).isEmpty();
  }
}
