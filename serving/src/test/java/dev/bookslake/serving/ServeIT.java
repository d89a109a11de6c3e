package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link Main#serve}, the path {@code ./bookslake serve} starts the API by (the other API tests
 * build their server from {@link Main#routing} instead): it listens where configured, says where
 * and over which gold snapshot, and in demo mode prints credentials that log in.
 */
class ServeIT {
  private static final Pattern LISTENING =
      Pattern.compile(
          "bookslake API serving (\\S+) \\(gold dt=(\\S+)\\) at http://127\\.0\\.0\\.1:(\\d+)/api/v1");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private record Started(WebServer server, String printed) {}

  /** Starts the server on a free port, capturing what it prints. */
  private static Started serve(Map<String, String> overrides, boolean demo) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      WebServer server =
          Main.serve(TestLakes.config(Path.of(overrides.get("lake.root")), overrides), demo);
      return new Started(server, printed.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
    }
  }

  private static HttpResponse<String> get(WebServer server, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }

  @Test
  void aLakeWithoutGoldServesHealthButIsNotReady() throws Exception {
    Path lake = TestLakes.newFolder("serve-empty");
    Started started = serve(Map.of("lake.root", lake.toString(), "server.port", "0"), false);
    try {
      Matcher line = LISTENING.matcher(started.printed());
      assertThat(line.find()).as(started.printed()).isTrue();
      assertThat(line.group(1)).isEqualTo(lake.toString());
      assertThat(line.group(2)).isEqualTo("none");
      assertThat(Integer.parseInt(line.group(3))).isEqualTo(started.server().port()).isPositive();
      assertThat(started.printed()).contains("Authentication is off: set BOOKSLAKE_JWT_SECRET");

      assertThat(get(started.server(), "/api/v1/health").statusCode()).isEqualTo(200);
      assertThat(get(started.server(), "/api/v1/ready").statusCode()).isEqualTo(503);
    } finally {
      started.server().stop();
    }
  }

  @Test
  void demoModeServesTheCurrentGoldAndItsCredentialsLogIn() throws Exception {
    Path lake = TestLakes.shared();
    Started started = serve(Map.of("lake.root", lake.toString(), "server.port", "0"), true);
    try {
      Matcher line = LISTENING.matcher(started.printed());
      assertThat(line.find()).as(started.printed()).isTrue();
      assertThat(line.group(2)).isEqualTo(TestLakes.DAY_2.toString());
      assertThat(started.printed()).doesNotContain("Authentication is off");
      Matcher demo =
          Pattern.compile("Demo mode: log in as demo / (\\S+) ").matcher(started.printed());
      assertThat(demo.find()).as(started.printed()).isTrue();

      assertThat(json(get(started.server(), "/api/v1/books?size=1").body()).getInt("total"))
          .isEqualTo(TestLakes.BOOKS);
      HttpResponse<String> login =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + started.server().port() + "/api/v1/auth/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\": \"demo\", \"password\": \"" + demo.group(1) + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      assertThat(json(login.body()).getString("access_token")).isNotBlank();
    } finally {
      started.server().stop();
    }
  }
}
