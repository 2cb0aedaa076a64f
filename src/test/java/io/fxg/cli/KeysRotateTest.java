package io.fxg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fxg.crypto.Jws;
import io.fxg.environment.JwksKeys;
import io.fxg.identity.GatewayKeys;
import io.fxg.serialization.Json;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Key rotation keeps artifacts signed with the old key verifiable through the published JWKS. */
class KeysRotateTest {
  @Test
  void rotate_oldArtifactStillVerifiesAgainstJwks() throws Exception {
    Path keys = Files.createTempDirectory("fxg-keys");
    GatewayKeys before = GatewayKeys.load(keys, null);
    String artifact = Jws.sign(before.signer(), "fxg-authz+jwt", Json.object().put("jti", "01old"));

    assertEquals(0, new CommandLine(new Main()).execute("keys", "rotate", "--dir", keys.toString()));
    GatewayKeys after = GatewayKeys.load(keys, null);
    assertNotEquals(before.currentKid(), after.currentKid());

    try (GatewayFixture node = GatewayFixture.builder().keysDir(keys).start()) {
      HttpCalls http = node.http();
      JwksKeys jwks = JwksKeys.parse(http.get("/.well-known/jwks.json").body());
      Jws.Verified verified = Jws.verify(artifact, "fxg-authz+jwt", kid -> jwks.find(kid).orElse(null));
      assertEquals(before.currentKid(), verified.keyId());
      String fresh = Jws.sign(after.signer(), "fxg-authz+jwt", Json.object().put("jti", "01new"));
      assertEquals(after.currentKid(), Jws.verify(fresh, "fxg-authz+jwt", kid -> jwks.find(kid).orElse(null)).keyId());
      assertEquals(after.currentKid(), Json.parse(http.get("/.well-known/jwks.json").body()).at("/keys/0/kid").asText());
    }
  }
}
