package dev.bookslake.serving.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Files the server sends from its classpath (the docs and dashboard pages, WebJar scripts): their
 * bytes, content type and a WebJar's version.
 *
 * <pre>{@code
 * String version = ClasspathFiles.webJarVersion("org.webjars.npm", "echarts");   // "5.3.1"
 * Optional<byte[]> js =
 *     ClasspathFiles.read("META-INF/resources/webjars/echarts/" + version + "/dist/echarts.min.js");
 * String type = ClasspathFiles.contentType("echarts.min.js");   // text/javascript; charset=utf-8
 * }</pre>
 */
public final class ClasspathFiles {
  /**
   * The pages' Content-Security-Policy: scripts and styles from this origin only; {@code
   * unsafe-inline} styles because Swagger UI and ECharts position elements with style attributes.
   */
  public static final String CSP =
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'";

  private ClasspathFiles() {}

  /**
   * Sends one file of a page under {@link #CSP}: 304 when the client holds {@code etag}, else the
   * bytes with the file's content type.
   */
  public static void send(
      ServerRequest req, ServerResponse res, String etag, String name, byte[] body) {
    res.header("Content-Security-Policy", CSP);
    if (Responses.notModified(req, res, etag)) {
      return;
    }
    res.header(HeaderNames.CONTENT_TYPE, contentType(name));
    res.send(body);
  }

  /** A classpath resource's bytes, empty when there is none of that name. */
  public static Optional<byte[]> read(String name) {
    try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read classpath resource " + name, e);
    }
  }

  /** The Content-Type of a file the server sends, by its extension. */
  public static String contentType(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (n.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (n.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (n.endsWith(".png")) {
      return "image/png";
    }
    if (n.endsWith(".svg")) {
      return "image/svg+xml";
    }
    if (n.endsWith(".json") || n.endsWith(".map")) {
      return "application/json";
    }
    return "application/octet-stream";
  }

  /**
   * The version of a WebJar on the classpath, from its Maven {@code pom.properties}.
   *
   * @throws IllegalStateException when the WebJar is not on the classpath
   */
  public static String webJarVersion(String group, String artifact) {
    String properties = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    byte[] bytes =
        read(properties)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Cannot find the " + artifact + " WebJar on the classpath: " + properties));
    Properties p = new Properties();
    try {
      p.load(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + properties, e);
    }
    return p.getProperty("version");
  }
}
