package io.fxg.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fxg.cluster.GatewayNode;
import io.fxg.testkit.GatewayFixture;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** With {@code fxg.http.tls.keystore} set the API is served over TLS only. */
class HttpsTest {
  @Test
  void keystoreConfigured_servesHttpsAndRefusesPlainHttp() throws Exception {
    Path dir = Files.createTempDirectory("fxg-tls");
    Path keystore = dir.resolve("node.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
    assertEquals(0, keytool.waitFor());
    try (GatewayFixture fixture = GatewayFixture.builder().tls(keystore, "changeit").start()) {
      GatewayNode node = fixture.node();
      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        trust.load(in, "changeit".toCharArray());
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, factory.getTrustManagers(), null);
      HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
      URI https = URI.create("https://127.0.0.1:" + node.httpPort() + "/health/live");
      await().atMost(Duration.ofSeconds(10)).until(() ->
          client.send(HttpRequest.newBuilder(https).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
      URI plain = URI.create("http://127.0.0.1:" + node.httpPort() + "/health/live");
      assertThrows(java.io.IOException.class, () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
    }
  }
}
