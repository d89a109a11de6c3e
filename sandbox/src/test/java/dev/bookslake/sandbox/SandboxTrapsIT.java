package dev.bookslake.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The routes that lure a crawler away: redirect chains, open redirects, the trap page. */
class SandboxTrapsIT {

  private final SiteClient client = new SiteClient();

  @Test
  void redirectChainsCountDownToThePathOnThisSite() {
    try (SandboxServer server = SandboxServer.start(SandboxConfig.builder().books(60).build())) {
      URI uri = server.baseUri().resolve("redirect/3/catalogue/page-2.html");
      List<String> locations = new java.util.ArrayList<>();
      HttpResponse<byte[]> response = client.get(uri);
      while (response.statusCode() == 302) {
        String location = response.headers().firstValue("Location").orElseThrow();
        locations.add(location);
        response = client.get(uri.resolve(location));
      }
      assertThat(locations)
          .containsExactly(
              "/redirect/2/catalogue/page-2.html",
              "/redirect/1/catalogue/page-2.html",
              "/catalogue/page-2.html");
      assertThat(client.parse(response.body(), uri).selectFirst("li.current").text())
          .isEqualTo("Page 2 of 3");
      assertThat(
              client.get(server.baseUri().resolve("redirect/1/")).headers().firstValue("Location"))
          .hasValue("/");
      for (String bad :
          List.of(
              "redirect/0/index.html",
              "redirect/100/index.html",
              "redirect/03/index.html",
              "redirect/3",
              "redirect/x/index.html")) {
        assertThat(client.get(server.baseUri().resolve(bad)).statusCode()).as(bad).isEqualTo(404);
      }
      assertThat(server.requests()).extracting(RequestRecord::fault).containsOnlyNulls();
    }
  }

  @Test
  void redirectToSendsAnywhereButOnlyToWebUrls() {
    try (SandboxServer server = SandboxServer.start(SandboxConfig.builder().books(20).build())) {
      String target = "http://other.invalid:8080/catalogue/page-2.html?x=1";
      HttpResponse<byte[]> response =
          client.get(
              server.baseUri().resolve("redirect-to?url=" + URLEncoder.encode(target, UTF_8)));
      assertThat(response.statusCode()).isEqualTo(302);
      assertThat(response.headers().firstValue("Location")).hasValue(target);
      for (String bad :
          List.of(
              "redirect-to",
              "redirect-to?url=",
              "redirect-to?url=javascript%3Aalert(1)",
              "redirect-to?url=%2Fcatalogue%2F",
              "redirect-to?url=http%3A%2F%2Fa%0d%0aSet-Cookie%3A%20x")) {
        assertThat(client.get(server.baseUri().resolve(bad)).statusCode()).as(bad).isEqualTo(404);
      }
    }
  }

  @Test
  void trapPageIsTheHomePageWithFiveLuresInFront() {
    try (SandboxServer server = SandboxServer.start(SandboxConfig.builder().books(60).build())) {
      Catalogue catalogue = server.catalogue();
      URI site = URI.create("http://127.0.0.1:1/");
      URI trap =
          server
              .baseUri()
              .resolve("crawler-traps?site=" + URLEncoder.encode(site.toString(), UTF_8));
      Document page = client.page(trap);
      Document home = client.page(server.baseUri());
      List<String> links =
          page.select("article.product_pod h3 a").stream().map(a -> a.absUrl("href")).toList();
      URI base = server.baseUri();
      assertThat(links.subList(0, 5))
          .containsExactly(
              "http://127.0.0.1:1" + catalogue.productPath(60),
              base
                  + "redirect-to?url="
                  + URLEncoder.encode("http://127.0.0.1:1" + catalogue.productPath(59), UTF_8),
              base + "redirect/2" + catalogue.productPath(58),
              base + "redirect/6" + catalogue.productPath(57),
              base + "redirect/1/private" + catalogue.productPath(56));
      assertThat(links.subList(5, links.size()))
          .isEqualTo(
              home.select("article.product_pod h3 a").stream().map(a -> a.absUrl("href")).toList());
      Element next = page.selectFirst("li.next a");
      assertThat(next.absUrl("href")).isEqualTo(base + "catalogue/page-2.html");
      assertThat(client.get(server.baseUri().resolve("crawler-traps")).statusCode()).isEqualTo(404);
      assertThat(server.requests().getFirst().path()).isEqualTo("/crawler-traps");
    }
  }
}
