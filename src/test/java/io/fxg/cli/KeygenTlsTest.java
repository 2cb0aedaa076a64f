package io.fxg.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fxg keygen --tls}: the stores it makes let two nodes join over Artery {@code tls-tcp} with
 * mutual authentication, and a node whose certificate another CA signed is kept out.
 */
class KeygenTlsTest {
  static final List<ActorSystem<Void>> systems = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterAll
  static void stop() {
    systems.forEach(ActorSystem::terminate);
  }

  @Test
  void tlsStores_letNodesOfOneCaJoinOverTlsTcp_andKeepOthersOut() throws Exception {
    Path cluster = dir.resolve("tls");
    assertEquals(0, keygen("--tls", cluster.toString(), "--node", "node1"));
    assertEquals(0, keygen("--tls", cluster.toString(), "--node", "node2", "--san", "localhost,127.0.0.1"));
    assertEquals(1, keygen("--tls", cluster.toString(), "--node", "node2"), "never overwrites a node's key");
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(cluster.resolve("node1-keystore.p12")));
    String password = Files.readString(cluster.resolve("keystore.password")).strip();
    X509Certificate node2 = (X509Certificate) load(cluster.resolve("node2-keystore.p12"), password).getCertificate("node2");
    X509Certificate ca = (X509Certificate) load(cluster.resolve("truststore.p12"), password).getCertificate("fxg-cluster-ca");
    node2.verify(ca.getPublicKey());
    assertTrue(node2.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")), "server and client auth");

    ActorSystem<Void> first = node(cluster, "node1", password);
    Cluster.get(first).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
    ActorSystem<Void> second = node(cluster, "node2", password);
    Cluster.get(second).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
    await().atMost(Duration.ofSeconds(30)).until(() -> Cluster.get(first).state().members().size() == 2
        && Cluster.get(second).selfMember().status() == MemberStatus.up());

    Path foreign = dir.resolve("other-ca");
    assertEquals(0, keygen("--tls", foreign.toString(), "--node", "node3"));
    ActorSystem<Void> outsider = node(foreign, "node3", Files.readString(foreign.resolve("keystore.password")).strip());
    Cluster.get(outsider).manager().tell(Join.create(Cluster.get(first).selfMember().address()));
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> Cluster.get(first).state().members().size() == 2
        && Cluster.get(outsider).selfMember().status() != MemberStatus.up());
  }

  /** The production example's store names are what keygen makes for {@code --node node}. */
  @Test
  void productionExample_namesTheStoresKeygenMakes() {
    Config example = ConfigFactory.parseFile(Path.of("cluster-config/production.example.conf").toFile());
    Config ssl = example.getConfig("pekko.remote.artery.ssl.config-ssl-engine");
    assertEquals("tls-tcp", example.getString("pekko.remote.artery.transport"));
    assertTrue(ssl.getString("key-store").endsWith("/node-keystore.p12"));
    assertTrue(ssl.getString("trust-store").endsWith("/truststore.p12"));
    assertTrue(ssl.getBoolean("require-mutual-authentication") && ssl.getBoolean("hostname-verification"));
  }

  static int keygen(String... args) {
    return new CommandLine(new KeygenCommand()).execute(args);
  }

  static KeyStore load(Path file, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }

  static ActorSystem<Void> node(Path stores, String node, String password) {
    String ssl = "pekko.remote.artery.ssl.config-ssl-engine {\n"
        + "  key-store = \"" + stores.resolve(node + "-keystore.p12") + "\"\n"
        + "  trust-store = \"" + stores.resolve("truststore.p12") + "\"\n"
        + "  key-store-password = \"" + password + "\"\n  key-password = \"" + password + "\"\n"
        + "  trust-store-password = \"" + password + "\"\n"
        + "  protocol = \"TLSv1.3\"\n  enabled-algorithms = [\"TLS_AES_256_GCM_SHA384\", \"TLS_AES_128_GCM_SHA256\"]\n"
        + "  require-mutual-authentication = on\n  hostname-verification = on\n}\n";
    Config config = ConfigFactory.parseString("pekko.actor.provider = cluster\n"
            + "pekko.remote.artery.transport = tls-tcp\n"
            + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
            + "pekko.remote.artery.canonical.port = 0\n"
            + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
            + "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n" + ssl)
        .withFallback(ConfigFactory.defaultReference()).resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "fxg-tls", config);
    systems.add(system);
    return system;
  }
}
