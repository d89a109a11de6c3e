package dev.bookslake.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * An HTTP/1.1 client for the sandbox that parses pages the way the crawler will: bytes in, charset
 * from the page.
 */
final class SiteClient {

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  HttpResponse<byte[]> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build());
  }

  HttpResponse<byte[]> get(URI uri, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return send(request.GET().build());
  }

  HttpResponse<byte[]> head(URI uri) {
    return send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build());
  }

  HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot fetch " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot fetch " + request.uri() + ": interrupted", e);
    }
  }

  /** Fetches a page that must answer 200 and parses it with the charset the page declares. */
  Document page(URI uri) {
    HttpResponse<byte[]> response = get(uri);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Cannot parse " + uri + ": status " + response.statusCode());
    }
    return parse(response.body(), uri);
  }

  static Document parse(byte[] body, URI uri) {
    try {
      return Jsoup.parse(new ByteArrayInputStream(body), null, uri.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
