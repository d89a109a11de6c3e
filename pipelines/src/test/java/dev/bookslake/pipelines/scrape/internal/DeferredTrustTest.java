package dev.bookslake.pipelines.scrape.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crawler's trust manager: the JDK's default, loaded only when a TLS peer has to be checked.
 */
class DeferredTrustTest {
  private static final String TRUST_STORE = "javax.net.ssl.trustStore";

  @Test
  void anHttpCrawlNeverLoadsTheTrustStore() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "<html></html>".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      DeferredTrust trust = new DeferredTrust();
      HttpClient client =
          HttpClient.newBuilder().sslContext(DeferredTrust.sslContext(trust)).build();

      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(trust.loaded()).isFalse();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void trustsWhatTheJdkTrustsByDefault() throws Exception {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    X509TrustManager jdk = (X509TrustManager) factory.getTrustManagers()[0];
    DeferredTrust trust = new DeferredTrust();

    X509Certificate[] issuers = trust.getAcceptedIssuers();

    assertThat(trust.loaded()).isTrue();
    assertThat(issuers).isNotEmpty().containsExactlyInAnyOrder(jdk.getAcceptedIssuers());
  }

  @Test
  void refusesAChainTheDefaultRefuses() {
    DeferredTrust trust = new DeferredTrust();

    // The default manager refuses an empty chain before looking at any certificate.
    assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "RSA"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(trust.loaded()).isTrue();
  }

  @Test
  void aTrustStoreThatCannotBeLoadedFailsTheCheckAsACertificateError(@TempDir Path tmp)
      throws Exception {
    Path garbage = Files.writeString(tmp.resolve("not-a-keystore.jks"), "not a key store");
    String saved = System.getProperty(TRUST_STORE);
    // The JDK reads the property on each load: this test's manager sees the broken store, and the
    // JVM's own default context, loaded or not, is left alone.
    System.setProperty(TRUST_STORE, garbage.toString());
    try {
      DeferredTrust trust = new DeferredTrust();

      assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "RSA"))
          .isInstanceOf(CertificateException.class)
          .hasMessageStartingWith("Cannot load the default trust store");
      assertThat(trust.loaded()).isFalse();
    } finally {
      if (saved == null) {
        System.clearProperty(TRUST_STORE);
      } else {
        System.setProperty(TRUST_STORE, saved);
      }
    }
  }
}
