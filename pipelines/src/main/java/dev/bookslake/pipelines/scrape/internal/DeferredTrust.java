package dev.bookslake.pipelines.scrape.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's default trust manager, loaded on the first TLS handshake instead of when the HTTP
 * client is built. {@code HttpClient.newBuilder().build()} otherwise parses every certificate of
 * the JDK's trust store up front (~0.1 s of a worker's start), which a crawl of an {@code http://}
 * site never uses. Every check is the default manager's, hostname verification included.
 *
 * <pre>{@code
 * HttpClient client = HttpClient.newBuilder().sslContext(DeferredTrust.sslContext()).build();
 * }</pre>
 */
public final class DeferredTrust extends X509ExtendedTrustManager {
  private volatile X509ExtendedTrustManager delegate;

  /** A TLS context that trusts what the JDK trusts by default, loading its trust store lazily. */
  public static SSLContext sslContext() {
    return sslContext(new DeferredTrust());
  }

  /** A TLS context whose only trust manager is {@code trust}. */
  static SSLContext sslContext(DeferredTrust trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot create TLS context: " + e.getMessage(), e);
    }
  }

  /** Whether the default trust store has been loaded (by a TLS handshake or a check). */
  boolean loaded() {
    return delegate != null;
  }

  /** The default trust manager this one hands every check to, loaded on first use. */
  X509ExtendedTrustManager delegate() {
    X509ExtendedTrustManager loaded = delegate;
    if (loaded == null) {
      synchronized (this) {
        if (delegate == null) {
          delegate = loadDefault();
        }
        loaded = delegate;
      }
    }
    return loaded;
  }

  // A trust store that cannot be loaded fails the handshake (the page becomes a fetch error), as a
  // certificate that cannot be checked should, instead of escaping the TLS stack unchecked.
  private X509ExtendedTrustManager checker() throws CertificateException {
    try {
      return delegate();
    } catch (IllegalStateException e) {
      throw new CertificateException(e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager loadDefault() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException(
          "Cannot find an X.509 trust manager: " + TrustManagerFactory.getDefaultAlgorithm());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot load the default trust store: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checker().checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checker().checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checker().checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checker().checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checker().checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checker().checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate().getAcceptedIssuers();
  }
}
