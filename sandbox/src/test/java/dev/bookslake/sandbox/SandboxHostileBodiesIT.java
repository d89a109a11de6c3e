package dev.bookslake.sandbox;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code trickle} and {@code huge} faults: bodies a crawler must bound in time and size. */
class SandboxHostileBodiesIT {

  private static final long HUGE = 64L << 20;

  private final SiteClient client = new SiteClient();
  private final HttpClient streaming =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void trickledBodiesArriveWholeInManySmallPiecesOverTheSlowTime() throws IOException {
    SandboxConfig config =
        SandboxConfig.builder()
            .books(100)
            .faults(FaultSpec.parse("trickle=1"))
            .slowMillis(500)
            .build();
    try (SandboxServer server = SandboxServer.start(config);
        Socket socket = new Socket(server.baseUri().getHost(), server.port())) {
      socket.setSoTimeout(5000);
      long start = System.nanoTime();
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + server.catalogue().productPath(7)
                      + " HTTP/1.1\r\nHost: sandbox\r\n"
                      + "Connection: close\r\n\r\n")
                  .getBytes(US_ASCII));
      InputStream in = socket.getInputStream();
      StringBuilder received = new StringBuilder();
      int reads = 0;
      byte[] buffer = new byte[65536];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        received.append(new String(buffer, 0, n, UTF_8));
        reads++;
      }
      assertThat((System.nanoTime() - start) / 1_000_000)
          .as("ms for the whole answer")
          .isGreaterThanOrEqualTo(450);
      assertThat(reads).as("reads that returned data").isGreaterThanOrEqualTo(10);
      assertThat(received.toString())
          .startsWith("HTTP/1.1 200 OK")
          .endsWith("</html>\n")
          .contains(server.catalogue().book(7, 0).upc());
      assertThat(server.requests())
          .singleElement()
          .extracting(RequestRecord::fault)
          .isEqualTo("trickle");
    }
  }

  @Test
  void hugeProductPagesAre64MiBOfValidHtmlOnEveryRequest() throws Exception {
    SandboxConfig config =
        SandboxConfig.builder().books(40).faults(FaultSpec.parse("huge=0.3")).build();
    try (SandboxServer server = SandboxServer.start(config)) {
      Catalogue catalogue = server.catalogue();
      int huge = 0;
      for (int id = 1; id <= catalogue.size(); id++) {
        URI uri = server.baseUri().resolve(catalogue.productPath(id).substring(1));
        long first = declaredLength(uri);
        assertThat(declaredLength(uri)).as("second answer of %s", uri).isEqualTo(first);
        huge += first == HUGE ? 1 : 0;
      }
      assertThat(huge).as("huge pages of 40 (30%)").isBetween(4, 22);
      assertThat(declaredLength(server.baseUri())).as("listings are never huge").isLessThan(HUGE);
      assertThat(server.requests())
          .filteredOn(r -> "huge".equals(r.fault()))
          .hasSize(2 * huge)
          .allMatch(r -> r.status() == 200);

      String path =
          server.requests().stream()
              .filter(r -> "huge".equals(r.fault()))
              .findFirst()
              .orElseThrow()
              .path();
      HttpResponse<InputStream> response =
          streaming.send(
              HttpRequest.newBuilder(server.baseUri().resolve(path.substring(1))).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      byte[] head = new byte[4096];
      byte[] tail = new byte[4096];
      long total = 0;
      try (InputStream body = response.body()) {
        byte[] buffer = new byte[1 << 16];
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
          if (total < head.length) {
            System.arraycopy(buffer, 0, head, (int) total, (int) Math.min(n, head.length - total));
          }
          total += n;
          shiftIn(tail, buffer, n);
        }
      }
      assertThat(total).isEqualTo(HUGE);
      assertThat(new String(head, UTF_8)).startsWith("<!DOCTYPE html>");
      assertThat(new String(tail, UTF_8)).contains("padding padding").endsWith(" -->\n</html>\n");
      assertThat(
              client
                  .head(server.baseUri().resolve(path.substring(1)))
                  .headers()
                  .firstValueAsLong("Content-Length")
                  .orElseThrow())
          .as("HEAD answers the page without padding")
          .isLessThan(100_000);
    }
  }

  // The Content-Length of a GET, reading none of the body: closing the stream drops it.
  private long declaredLength(URI uri) throws Exception {
    HttpResponse<InputStream> response =
        streaming.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    response.body().close();
    return response.headers().firstValueAsLong("Content-Length").orElseThrow();
  }

  private static void shiftIn(byte[] tail, byte[] buffer, int n) {
    if (n >= tail.length) {
      System.arraycopy(buffer, n - tail.length, tail, 0, tail.length);
    } else {
      System.arraycopy(tail, n, tail, 0, tail.length - n);
      System.arraycopy(buffer, 0, tail, tail.length - n, n);
    }
  }

  @Test
  void bodyFaultsSpareAnswersWithoutABody() {
    SandboxConfig config =
        SandboxConfig.builder()
            .books(20)
            .faults(FaultSpec.parse("trickle=1,huge=1"))
            .slowMillis(5000)
            .build();
    try (SandboxServer server = SandboxServer.start(config)) {
      URI product = server.baseUri().resolve(server.catalogue().productPath(3).substring(1));
      long length = client.head(product).headers().firstValueAsLong("Content-Length").orElseThrow();
      assertThat(length).isLessThan(100_000);
      URI listing = server.baseUri().resolve("catalogue/page-1.html");
      assertThat(client.head(listing).statusCode()).isEqualTo(200);
      assertThat(server.requests()).extracting(RequestRecord::fault).containsOnlyNulls();
    }
  }
}
