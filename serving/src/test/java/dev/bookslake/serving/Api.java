package dev.bookslake.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bookslake.serving.auth.Role;
import dev.bookslake.serving.auth.Tokens;
import io.helidon.webserver.WebServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * A thin test client: sends the path and query exactly as written (so encoded segments and bad
 * values reach the server untouched) and reads the whole reply.
 */
final class Api {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String base;

  Api(WebServer server) {
    this.base = "http://127.0.0.1:" + server.port();
  }

  /** A reply: status, headers and body. */
  record Reply(int status, HttpHeaders headers, byte[] bytes) {
    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonObject json() {
      try (JsonReader reader = Json.createReader(new StringReader(body()))) {
        return reader.readObject();
      }
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String contentType() {
      return header("Content-Type");
    }

    /**
     * Asserts an RFC 9457 problem with this status whose detail mentions the text (e.g. the field).
     */
    JsonObject assertProblem(int expectedStatus, String detailMentions) {
      assertThat(status).as("status of %s", body()).isEqualTo(expectedStatus);
      assertThat(contentType()).startsWith("application/problem+json");
      JsonObject p = json();
      assertThat(p.getInt("status")).isEqualTo(expectedStatus);
      assertThat(p.getString("type")).startsWith("urn:bookslake:problem:");
      assertThat(p.getString("title")).isNotBlank();
      assertThat(p.getString("instance")).startsWith("/");
      assertThat(p.getString("detail")).contains(detailMentions);
      return p;
    }
  }

  /**
   * An {@code Authorization} value with a fresh access token for {@code user} as an admin, signed
   * with the server's secret.
   */
  static String bearer(String secret, String user) {
    return bearer(secret, user, Role.ADMIN);
  }

  /** An {@code Authorization} value with a fresh access token for {@code user} in a role. */
  static String bearer(String secret, String user, Role role) {
    Tokens tokens =
        new Tokens(
            secret.getBytes(StandardCharsets.UTF_8),
            "bookslake",
            "bookslake-api",
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Clock.systemUTC());
    return "Bearer " + tokens.issue(user, role).accessToken();
  }

  Reply get(String uri, String... headers) {
    return send("GET", uri, null, headers);
  }

  Reply post(String uri, String body, String... headers) {
    return send("POST", uri, body, headers);
  }

  Reply send(String method, String uri, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + uri))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<byte[]> res =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(res.statusCode(), res.headers(), res.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
