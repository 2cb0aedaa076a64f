package io.fxg.cli;

import io.fxg.proof.CheckResult;
import io.fxg.proof.ProofBundle;
import io.fxg.proof.ProofBundleVerifier;
import io.fxg.proof.ProofVerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fxg verify BUNDLE [--jwks FILE] [--log-key KEY] [--witness-key KEY]... [--peer-jwks FILE]
 * [--peer-log-key KEY]}: offline
 * verification of a proof bundle (SPEC sections 10 and 13); each {@code --witness-key} requires that
 * witness's valid cosignature on the bundle's checkpoint. Prints one {@code PASS|FAIL|SKIP|WARN check: detail} line per check, then
 * {@code OK} or {@code FAILED: <first failing check>}. Exit 0 only when every check passes, 1 when
 * one fails, 2 when the bundle or a key cannot be read.
 */
@Command(name = "verify", description = "Verify a proof bundle offline: records, chain, inclusion proofs, checkpoint, artifact.")
public final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "BUNDLE", description = "proof bundle JSON file, or - for standard input")
  String bundle;

  @Option(names = "--jwks", paramLabel = "FILE",
      description = "the gateway's JWK Set (/.well-known/jwks.json), obtained independently; default: the bundle's own")
  Path jwks;

  @Option(names = "--log-key", paramLabel = "KEY",
      description = "the log's note verifier key (/v1/log/key) or a file holding it; default: the bundle's own")
  String logKey;

  @Option(names = "--witness-key", paramLabel = "KEY",
      description = "a witness's cosignature/v1 verifier key (a peer's /v1/witness/key) or a file holding it; "
          + "repeatable: each must have cosigned the bundle's checkpoint")
  java.util.List<String> witnessKeys = new java.util.ArrayList<>();

  @Option(names = "--peer-jwks", paramLabel = "FILE",
      description = "the peer gateway's JWK Set, for a child bundle a peer served; default: the child's own")
  Path peerJwks;

  @Option(names = "--peer-log-key", paramLabel = "KEY",
      description = "the peer gateway's log verifier key (or a file holding it), for a child bundle a peer served;"
          + " default: the child's own")
  String peerLogKey;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ProofBundleVerifier verifier;
    String json;
    try {
      json = readBundle();
      verifier = ProofBundleVerifier.withKeys(jwks == null ? null : Files.readString(jwks), readLogKey())
          .requiringWitnesses(readWitnessKeys());
      if (peerJwks != null || peerLogKey != null) {
        verifier = verifier.withPeerKeys(peerJwks == null ? null : Files.readString(peerJwks),
            peerLogKey == null ? null : keyOrFile(peerLogKey));
      }
    } catch (IOException | ProofVerificationException e) {
      err.println("fxg verify: " + e.getMessage());
      return 2;
    }
    ProofBundleVerifier.Result result = verifier.verify(json);
    out.print(result.report());
    if (result.ok()) {
      out.println("OK: every check passed");
      out.flush();
      return 0;
    }
    String failure = result.firstFailure().map(CheckResult::toString).orElse("no check passed");
    out.println("FAILED: " + failure.replaceFirst("^FAIL ", ""));
    out.flush();
    return 1;
  }

  private String readBundle() throws IOException {
    try (InputStream in = bundle.equals("-") ? System.in : Files.newInputStream(Path.of(bundle))) {
      // A UTF-8 character is at least one byte: reading one past the limit tells it is too long.
      byte[] bytes = in.readNBytes(ProofBundle.MAX_BUNDLE_CHARS + 1);
      if (bytes.length > ProofBundle.MAX_BUNDLE_CHARS) {
        throw new IOException(bundle + " is longer than " + ProofBundle.MAX_BUNDLE_CHARS + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private String readLogKey() throws IOException {
    return logKey == null ? null : keyOrFile(logKey);
  }

  private java.util.List<String> readWitnessKeys() throws IOException {
    java.util.List<String> keys = new java.util.ArrayList<>();
    for (String key : witnessKeys) {
      keys.add(keyOrFile(key));
    }
    return keys;
  }

  private static String keyOrFile(String key) throws IOException {
    Path file = Path.of(key);
    return Files.isRegularFile(file) ? Files.readString(file).trim() : key;
  }
}
