package io.fxg.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * X.509 keys for Artery TLS between cluster nodes, as PKCS#12 files that
 * {@code pekko.remote.artery.ssl.config-ssl-engine} loads: a cluster CA ({@code ca.p12}, kept to
 * issue more node certificates), per node a key store ({@code NODE-keystore.p12}: the node's EC
 * P-256 key and its certificate chain, for server and client authentication) and the shared trust
 * store ({@code truststore.p12}: the CA certificate only). Invariant: every node certificate is
 * signed by the CA in the trust store beside it, so mutual authentication admits exactly the
 * nodes this CA issued.
 */
public final class TlsKeystores {
  public static final String CA_FILE = "ca.p12";
  public static final String TRUSTSTORE_FILE = "truststore.p12";
  private static final String CA_ALIAS = "fxg-cluster-ca";
  private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  /** Subject alternative names per certificate: a named limit on outside input. */
  public static final int MAX_NAMES = 32;

  private TlsKeystores() {}

  /** What {@link #issue} wrote. */
  public record Issued(Path keyStore, Path trustStore, Path ca, boolean newCa) {}

  public static String keyStoreFile(String node) {
    return node + "-keystore.p12";
  }

  /**
   * Issues a certificate for {@code node} into {@code dir}, making the cluster CA first when
   * {@code dir} holds none. One password protects the CA store, the node's key store and key, and
   * the trust store's integrity.
   *
   * @param names DNS names and IP addresses the node is reached at (subject alternative names)
   * @throws CryptoException when the node's key store already exists, a name is malformed, or the
   *     CA cannot be read with this password
   */
  public static Issued issue(Path dir, String node, List<String> names, char[] password, Duration validity)
      throws CryptoException, IOException {
    if (!NODE_NAME.matcher(node).matches()) {
      throw new CryptoException("node name must be 1-63 letters, digits, '.', '_' or '-': " + node);
    }
    if (names.isEmpty() || names.size() > MAX_NAMES) {
      throw new CryptoException("1 to " + MAX_NAMES + " subject alternative names required");
    }
    Files.createDirectories(dir);
    Path keyStoreFile = dir.resolve(keyStoreFile(node));
    if (Files.exists(keyStoreFile)) {
      throw new CryptoException(keyStoreFile + " exists; refusing to overwrite a private key");
    }
    try {
      Path caFile = dir.resolve(CA_FILE);
      boolean newCa = !Files.exists(caFile);
      KeyStore.PrivateKeyEntry ca = newCa ? makeCa(validity) : readCa(caFile, password);
      X509Certificate caCert = (X509Certificate) ca.getCertificate();
      KeyPair nodeKeys = ecKeyPair();
      X509Certificate nodeCert = nodeCertificate(node, names, nodeKeys, ca.getPrivateKey(), caCert, validity);
      if (newCa) {
        write(caFile, keyStore(CA_ALIAS, ca.getPrivateKey(), password, caCert), password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(CA_ALIAS, caCert);
        write(dir.resolve(TRUSTSTORE_FILE), trust, password);
      }
      write(keyStoreFile, keyStore(node, nodeKeys.getPrivate(), password, nodeCert, caCert), password);
      return new Issued(keyStoreFile, dir.resolve(TRUSTSTORE_FILE), caFile, newCa);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new CryptoException("could not issue the TLS certificate for " + node + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore.PrivateKeyEntry makeCa(Duration validity)
      throws GeneralSecurityException, OperatorCreationException, CertIOException {
    KeyPair keys = ecKeyPair();
    X500Name subject = new X500Name("CN=fxg cluster CA");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(300)),
        Date.from(now.plus(validity)), subject, keys.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
    X509Certificate cert = sign(builder, keys.getPrivate());
    return new KeyStore.PrivateKeyEntry(keys.getPrivate(), new Certificate[] {cert});
  }

  private static X509Certificate nodeCertificate(String node, List<String> names, KeyPair keys, PrivateKey caKey,
      X509Certificate caCert, Duration validity) throws GeneralSecurityException, OperatorCreationException, CertIOException,
      CryptoException {
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial(), Date.from(now.minusSeconds(300)),
        Date.from(now.plus(validity)), new X500Name("CN=" + node), keys.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    builder.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(names));
    builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
    builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
    return sign(builder, caKey);
  }

  private static GeneralNames subjectAltNames(List<String> names) throws CryptoException {
    List<GeneralName> out = new ArrayList<>();
    for (String name : names) {
      if (name.matches("[0-9.]+") || name.contains(":")) {
        try {
          out.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress()));
        } catch (IOException e) {
          throw new CryptoException("not an IP address: " + name, e);
        }
      } else if (name.matches("[A-Za-z0-9*]([A-Za-z0-9.-]{0,252})")) {
        out.add(new GeneralName(GeneralName.dNSName, name));
      } else {
        throw new CryptoException("not a DNS name or IP address: " + name);
      }
    }
    return new GeneralNames(out.toArray(GeneralName[]::new));
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
  }

  private static KeyStore keyStore(String alias, PrivateKey key, char[] password, Certificate... chain)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(alias, key, password, chain);
    return store;
  }

  private static KeyStore.PrivateKeyEntry readCa(Path file, char[] password) throws GeneralSecurityException, IOException,
      CryptoException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    } catch (IOException e) {
      throw new CryptoException("cannot open " + file + " with this password: " + e.getMessage(), e);
    }
    return (KeyStore.PrivateKeyEntry) store.getEntry(CA_ALIAS, new KeyStore.PasswordProtection(password));
  }

  /** Written owner-only: the stores hold private keys (the trust store too, for uniformity). */
  private static void write(Path file, KeyStore store, char[] password) throws GeneralSecurityException, IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
      store.store(out, password);
    }
  }
}
