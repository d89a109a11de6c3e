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
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The crawler's trust manager: the JDK's default, loaded only when a TLS peer has to be checked.
 */
class DeferredTrustTest {

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
}
