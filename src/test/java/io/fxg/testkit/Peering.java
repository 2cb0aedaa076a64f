package io.fxg.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Signer;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

/** Two gateway fixtures made peers (SPEC section 13), as an operator would with put-peer --from. */
public final class Peering {
  private Peering() {}

  /** Registers {@code peer}'s own peer document ({@code GET /v1/peers/self}) on {@code at} as {@code name}. */
  public static void register(GatewayFixture at, String name, GatewayFixture peer) {
    ObjectNode self = (ObjectNode) HttpCalls.json(peer.http().get("/v1/peers/self"));
    self.remove("name");
    HttpResponse<String> put = at.asAdmin("PUT", "/v1/admin/peers/" + name, Json.write(self));
    assertEquals(201, put.statusCode(), put.body());
  }

  /** A version-1 policy of the one rule given as JSON. */
  public static ObjectNode policy(String rule) {
    try {
      return (ObjectNode) Json.parse("{\"version\": 1, \"rules\": [" + rule + "]}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The gateway key of {@code gateway}, signing as its peers know it: {@code gateway/NAME}. */
  public static Signer gatewaySigner(GatewayFixture gateway, String name) {
    return gateway.keys().signer().withKeyId("gateway/" + name);
  }
}
