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
    SandboxConfig config = SandboxConfig.defaults().withBooks(20).withCrawlDelaySeconds(1.5)
        .withDisallow(List.of("/private/", "/catalogue/category/"));
    try (SandboxServer server = SandboxServer.start(config)) {
      HttpResponse<byte[]> robots = client.get(server.baseUri().resolve("robots.txt"));
      assertThat(new String(robots.body(), UTF_8)).isEqualTo(
          "User-agent: *\nDisallow: /private/\nDisallow: /catalogue/category/\nCrawl-delay: 1.5\n");
    }
    try (SandboxServer server = SandboxServer.start(
        SandboxConfig.defaults().withBooks(20).withCrawlDelaySeconds(2).withDisallow(List.of()))) {
      HttpResponse<byte[]> robots = client.get(server.baseUri().resolve("robots.txt"));
      assertThat(new String(robots.body(), UTF_8))
          .isEqualTo("User-agent: *\nDisallow:\nCrawl-delay: 2\n");
    }
  }

  @Test
  void answers404LikeTheRealSiteWhenAsked() {
    try (SandboxServer server = SandboxServer.start(
        SandboxConfig.defaults().withBooks(20).withRobots404(true))) {
      assertThat(client.get(server.baseUri().resolve("robots.txt")).statusCode()).isEqualTo(404);
      assertThat(client.get(server.baseUri()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void isNeverFaulted() {
    SandboxConfig config = SandboxConfig.defaults().withBooks(20)
        .withFaults(new FaultSpec(1.0, 0, 0, 0, 0, 1.0));
    try (SandboxServer server = SandboxServer.start(config)) {
      for (int i = 0; i < 20; i++) {
        assertThat(client.get(server.baseUri().resolve("robots.txt")).statusCode()).isEqualTo(200);
      }
      assertThat(client.get(server.baseUri()).statusCode()).isEqualTo(500);
      assertThat(server.requests()).filteredOn(r -> r.path().equals("/robots.txt"))
          .hasSize(20).allMatch(r -> r.fault() == null);
    }
  }
}
