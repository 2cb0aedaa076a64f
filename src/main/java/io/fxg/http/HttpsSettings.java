package io.fxg.http;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/**
 * HTTPS for the API ({@code fxg.http.tls}): when {@code keystore} names a PKCS#12 (or JKS) file,
 * the node serves TLS 1.2+ only with that key and certificate; otherwise plain HTTP (for loopback,
 * or behind a TLS-terminating proxy).
 */
public final class HttpsSettings {
  private HttpsSettings() {}

  public static Optional<HttpsConnectionContext> from(Config config) throws IOException, GeneralSecurityException {
    Config tls = config.getConfig("fxg.http.tls");
    String keystore = tls.getString("keystore");
    if (keystore.isBlank()) {
      return Optional.empty();
    }
    char[] password = tls.getString("keystore-password").toCharArray();
    KeyStore store = KeyStore.getInstance(tls.getString("keystore-type"));
    try (InputStream in = Files.newInputStream(Path.of(keystore))) {
      store.load(in, password);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return Optional.of(ConnectionContext.httpsServer(context));
  }
}
