package dev.bookslake.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxRobotsIT {

  private final SiteClient client = new SiteClient();

  @Test
  void listsEveryDisallowAndTheCrawlDelay() {
    SandboxConfig config =
        SandboxConfig.builder()
            .books(20)
            .crawlDelaySeconds(1.5)
            .disallow(List.of("/private/", "/catalogue/category/"))
            .build();
    try (SandboxServer server = SandboxServer.start(config)) {
      HttpResponse<byte[]> robots = client.get(server.baseUri().resolve("robots.txt"));
      assertThat(new String(robots.body(), UTF_8))
          .isEqualTo(
              "User-agent: *\nDisallow: /private/\nDisallow: /catalogue/category/\nCrawl-delay: 1.5\n");
    }
    try (SandboxServer server =
        SandboxServer.start(
            SandboxConfig.builder().books(20).crawlDelaySeconds(2).disallow(List.of()).build())) {
      HttpResponse<byte[]> robots = client.get(server.baseUri().resolve("robots.txt"));
      assertThat(new String(robots.body(), UTF_8))
          .isEqualTo("User-agent: *\nDisallow:\nCrawl-delay: 2\n");
    }
  }

  @Test
  void answers404LikeTheRealSiteWhenAsked() {
    try (SandboxServer server =
        SandboxServer.start(SandboxConfig.builder().books(20).robots404(true).build())) {
      assertThat(client.get(server.baseUri().resolve("robots.txt")).statusCode()).isEqualTo(404);
      assertThat(client.get(server.baseUri()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void isNeverFaulted() {
    SandboxConfig config =
        SandboxConfig.builder().books(20).faults(new FaultSpec(1.0, 0, 0, 0, 0, 1.0)).build();
    try (SandboxServer server = SandboxServer.start(config)) {
      for (int i = 0; i < 20; i++) {
        assertThat(client.get(server.baseUri().resolve("robots.txt")).statusCode()).isEqualTo(200);
      }
      assertThat(client.get(server.baseUri()).statusCode()).isEqualTo(500);
      assertThat(server.requests())
          .filteredOn(r -> r.path().equals("/robots.txt"))
          .hasSize(20)
          .allMatch(r -> r.fault() == null);
    }
  }
}
