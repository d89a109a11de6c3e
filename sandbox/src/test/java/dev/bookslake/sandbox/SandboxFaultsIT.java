package dev.bookslake.sandbox;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SandboxFaultsIT {

  private final SiteClient client = new SiteClient();

  @Test
  void faultsArriveAtRoughlyTheirConfiguredRates() {
    FaultSpec spec = new FaultSpec(0.10, 0.08, 0.04, 0.06, 0.10, 0.05);
    SandboxConfig config =
        SandboxConfig.builder().faults(spec).timeoutHoldMillis(150).slowMillis(10).build();
    try (SandboxServer server = SandboxServer.start(config)) {
      Catalogue catalogue = server.catalogue();
      try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
        for (int id = 1; id <= catalogue.size(); id++) {
          URI uri = server.baseUri().resolve(catalogue.productPath(id).substring(1));
          pool.submit(
              () -> {
                for (int attempt = 0; attempt < 3; attempt++) {
                  tryGet(uri);
                }
              });
        }
      }
      List<RequestRecord> records = server.requests();
      Map<String, List<RequestRecord>> byPath =
          records.stream().collect(Collectors.groupingBy(RequestRecord::path));
      Set<String> dead =
          byPath.entrySet().stream()
              .filter(e -> e.getValue().stream().anyMatch(r -> "404".equals(r.fault())))
              .map(Map.Entry::getKey)
              .collect(Collectors.toSet());
      assertThat(dead.size()).as("dead product links of 1000 (5%)").isBetween(20, 85);
      for (String path : dead) {
        assertThat(byPath.get(path))
            .as("every request of dead link %s", path)
            .allMatch(r -> r.status() == 404 && "404".equals(r.fault()));
      }
      List<RequestRecord> live = records.stream().filter(r -> !dead.contains(r.path())).toList();
      assertThat(live.size()).isGreaterThanOrEqualTo(3 * (1000 - dead.size()));
      Map<String, Double> rates =
          Map.of(
              "500",
              spec.http500(),
              "503",
              spec.http503(),
              "timeout",
              spec.timeout(),
              "slow",
              spec.slow(),
              "truncate",
              spec.truncate());
      rates.forEach(
          (fault, rate) -> {
            long count = live.stream().filter(r -> fault.equals(r.fault())).count();
            double sigma = Math.sqrt(rate * (1 - rate) / live.size());
            assertThat((double) count / live.size())
                .as("rate of %s", fault)
                .isBetween(rate - 5 * sigma, rate + 5 * sigma);
          });
      Map<String, Integer> statusOf =
          Map.of("500", 500, "503", 503, "timeout", 0, "slow", 200, "truncate", 200);
      assertThat(live)
          .allMatch(
              r -> r.fault() == null ? r.status() == 200 : r.status() == statusOf.get(r.fault()));

      long failedFirst = byPath.values().stream().filter(list -> failed(list.getFirst())).count();
      long recovered =
          byPath.values().stream()
              .filter(list -> failed(list.getFirst()))
              .filter(list -> list.stream().skip(1).anyMatch(r -> r.fault() == null))
              .count();
      assertThat(failedFirst).isPositive();
      assertThat(recovered)
          .as("paths that failed first and succeeded on a retry")
          .isGreaterThan(failedFirst / 2);
    }
  }

  @Test
  void deadLinksArePermanentAndOnlyOnProductPages() {
    SandboxConfig config =
        SandboxConfig.builder().books(300).faults(new FaultSpec(0, 0, 0, 0, 0, 0.3)).build();
    try (SandboxServer server = SandboxServer.start(config)) {
      Catalogue catalogue = server.catalogue();
      int dead = 0;
      for (int id = 1; id <= catalogue.size(); id++) {
        URI uri = server.baseUri().resolve(catalogue.productPath(id).substring(1));
        int first = client.get(uri).statusCode();
        assertThat(client.get(uri).statusCode()).isEqualTo(first);
        assertThat(client.head(uri).statusCode()).isEqualTo(first);
        dead += first == 404 ? 1 : 0;
      }
      assertThat(dead).as("dead links of 300 (30%)").isBetween(50, 130);
      for (int page = 1; page <= catalogue.cataloguePages(); page++) {
        assertThat(
                client
                    .get(server.baseUri().resolve("catalogue/page-" + page + ".html"))
                    .statusCode())
            .isEqualTo(200);
      }
      assertThat(
              client
                  .get(server.baseUri().resolve(catalogue.categoryPath(2).substring(1)))
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void faultSequencesAreDeterministicPerSeed() {
    FaultSpec spec = FaultSpec.parse("500=0.2,503=0.2,truncate=0.1,404=0.1");
    SandboxConfig config = SandboxConfig.builder().books(100).faults(spec).build();
    List<String> first = faultSequence(config);
    assertThat(first).isEqualTo(faultSequence(config));
    assertThat(first).isNotEqualTo(faultSequence(config.toBuilder().seed(43).build()));
    assertThat(first.stream().filter(Objects::nonNull).count()).isGreaterThan(50);
  }

  private List<String> faultSequence(SandboxConfig config) {
    try (SandboxServer server = SandboxServer.start(config)) {
      for (int round = 0; round < 3; round++) {
        for (int id = 1; id <= 100; id++) {
          tryGet(server.baseUri().resolve(server.catalogue().productPath(id).substring(1)));
        }
      }
      return server.requests().stream().map(RequestRecord::fault).toList();
    }
  }

  @Test
  void truncatedBodiesStopShortOfTheirLengthBeforeTheEndOfTheDocument() throws IOException {
    SandboxConfig config =
        SandboxConfig.builder().books(100).faults(new FaultSpec(0, 0, 0, 0, 1.0, 0)).build();
    try (SandboxServer server = SandboxServer.start(config)) {
      String path = server.catalogue().productPath(42);
      Raw raw = rawGet(server.baseUri(), path, 5000);
      assertThat(raw.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      int declared = Integer.parseInt(raw.header("content-length"));
      assertThat(raw.body().length).isPositive().isLessThan(declared);
      assertThat(new String(raw.body(), UTF_8))
          .startsWith("<!DOCTYPE html>")
          .doesNotContain("</html>");

      URI uri = server.baseUri().resolve(path.substring(1));
      assertThatThrownBy(() -> client.get(uri))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(IOException.class);

      HttpResponse<byte[]> head = client.head(uri);
      assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(declared));
      String etag = head.headers().firstValue("ETag").orElseThrow();
      assertThat(client.get(uri, Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);

      List<RequestRecord> records = server.requests();
      assertThat(records)
          .extracting(RequestRecord::status, RequestRecord::fault)
          .startsWith(
              org.assertj.core.groups.Tuple.tuple(200, "truncate"),
              org.assertj.core.groups.Tuple.tuple(200, "truncate"));
      assertThat(records.subList(records.size() - 2, records.size()))
          .extracting(RequestRecord::status, RequestRecord::fault)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(200, null),
              org.assertj.core.groups.Tuple.tuple(304, null));
    }
  }

  @Test
  void timeoutsHoldTheConnectionThenDropItWithoutAnAnswer() throws IOException {
    SandboxConfig config =
        SandboxConfig.builder()
            .books(100)
            .faults(new FaultSpec(0, 0, 1.0, 0, 0, 0))
            .timeoutHoldMillis(400)
            .build();
    try (SandboxServer server = SandboxServer.start(config)) {
      Raw raw = rawGet(server.baseUri(), "/catalogue/page-2.html", 5000);
      assertThat(raw.bytes()).isEmpty();
      assertThat(raw.millis()).isBetween(380L, 3000L);
      assertThat(server.requests())
          .singleElement()
          .extracting(RequestRecord::status, RequestRecord::fault)
          .containsExactly(0, "timeout");
    }
  }

  @Test
  void closeReturnsPromptlyWhileAConnectionIsHeld() throws Exception {
    SandboxConfig config =
        SandboxConfig.builder()
            .books(100)
            .faults(new FaultSpec(0, 0, 1.0, 0, 0, 0))
            .timeoutHoldMillis(30_000)
            .build();
    SandboxServer server = SandboxServer.start(config);
    try (Socket socket = new Socket(server.baseUri().getHost(), server.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request("/"));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (server.requests().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(server.requests())
          .singleElement()
          .extracting(RequestRecord::fault)
          .isEqualTo("timeout");
      long start = System.nanoTime();
      server.close();
      assertThat((System.nanoTime() - start) / 1_000_000).as("close() in ms").isLessThan(1000);
      long readStart = System.nanoTime();
      int read;
      try {
        read = socket.getInputStream().read();
      } catch (SocketException reset) {
        read = -1;
      }
      assertThat(read).isEqualTo(-1);
      assertThat((System.nanoTime() - readStart) / 1_000_000)
          .as("connection dropped in ms")
          .isLessThan(2000);
    } finally {
      server.close();
    }
  }

  @Test
  void slowAnswersArriveLateButWhole() {
    SandboxConfig config =
        SandboxConfig.builder()
            .books(100)
            .faults(new FaultSpec(0, 0, 0, 1.0, 0, 0))
            .slowMillis(300)
            .build();
    try (SandboxServer server = SandboxServer.start(config)) {
      long start = System.nanoTime();
      HttpResponse<byte[]> response = client.get(server.baseUri());
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(290);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(new String(response.body(), UTF_8)).endsWith("</html>\n");
      assertThat(server.requests())
          .singleElement()
          .extracting(RequestRecord::fault)
          .isEqualTo("slow");
    }
  }

  @Test
  void serverErrorsAnswer500And503WithRetryAfter() {
    try (SandboxServer errors =
            SandboxServer.start(
                SandboxConfig.builder()
                    .books(100)
                    .faults(new FaultSpec(1.0, 0, 0, 0, 0, 0))
                    .build());
        SandboxServer unavailable =
            SandboxServer.start(
                SandboxConfig.builder()
                    .books(100)
                    .faults(new FaultSpec(0, 1.0, 0, 0, 0, 0))
                    .build())) {
      HttpResponse<byte[]> error = client.get(errors.baseUri());
      assertThat(error.statusCode()).isEqualTo(500);
      assertThat(new String(error.body(), UTF_8)).contains("500 Internal Server Error");
      HttpResponse<byte[]> busy =
          client.get(unavailable.baseUri().resolve("catalogue/page-3.html"));
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(errors.requests())
          .singleElement()
          .extracting(RequestRecord::fault)
          .isEqualTo("500");
      assertThat(unavailable.requests())
          .singleElement()
          .extracting(RequestRecord::fault)
          .isEqualTo("503");
      assertThat(client.get(errors.baseUri().resolve("no-such-page")).statusCode()).isEqualTo(404);
    }
  }

  private static boolean failed(RequestRecord record) {
    return record.status() == 0 || record.status() >= 500;
  }

  private void tryGet(URI uri) {
    try {
      client.get(uri);
    } catch (UncheckedIOException expected) {
      // Timeouts and truncations surface as I/O errors; the server's records are what is checked.
    }
  }

  private record Raw(byte[] bytes, long millis) {

    String text() {
      return new String(bytes, UTF_8);
    }

    int headerEnd() {
      return text().indexOf("\r\n\r\n");
    }

    String statusLine() {
      return text().substring(0, text().indexOf("\r\n"));
    }

    String header(String name) {
      return Arrays.stream(text().substring(0, headerEnd()).split("\r\n"))
          .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith(name + ":"))
          .map(line -> line.substring(name.length() + 1).strip())
          .findFirst()
          .orElseThrow();
    }

    byte[] body() {
      int start = new String(bytes, US_ASCII).indexOf("\r\n\r\n") + 4;
      return Arrays.copyOfRange(bytes, start, bytes.length);
    }
  }

  // A bare socket shows what the server really sent, which HttpClient hides behind exceptions.
  private static Raw rawGet(URI base, String path, int readTimeoutMillis) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(readTimeoutMillis);
      long start = System.nanoTime();
      socket.getOutputStream().write(request(path));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          received.write(buffer, 0, n);
        }
      } catch (SocketException reset) {
        // A dropped connection may arrive as a reset rather than an end of stream.
      }
      return new Raw(received.toByteArray(), (System.nanoTime() - start) / 1_000_000);
    }
  }

  private static byte[] request(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n")
        .getBytes(US_ASCII);
  }
}
