package io.fxg.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.testkit.GatewayFixture;
import io.fxg.testkit.HttpCalls;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo's HTTP controls: not before the demo runs, never without their header. */
class DemoControlsTest {
  static final AtomicReference<DemoControls> CONTROLS = new AtomicReference<>();
  @RegisterExtension
  static final GatewayFixture node = GatewayFixture.builder().web().routes(context -> {
    CONTROLS.set(new DemoControls(context.system()));
    return CONTROLS.get().route();
  }).build();

  @Test
  void controls_answer503UntilAttached_thenStartScenariosOnlyWithTheirHeader() {
    assertEquals(503, node.http().get("/demo/api/state").statusCode());
    CONTROLS.get().attach(new ScriptedDemo(node));

    HttpResponse<String> state = node.http().get("/demo/api/state");
    assertEquals(200, state.statusCode(), state.body());
    JsonNode body = HttpCalls.json(state);
    assertEquals("measurement", body.at("/scenarios/2/name").asText());
    assertEquals("fail-closed", body.at("/scenarios/2/group").asText());
    assertTrue(body.at("/target/matches").asBoolean());

    HttpResponse<String> forged = node.http().post("/demo/api/scenario/invoice", null);
    assertEquals(403, forged.statusCode(), "a cross-site form cannot send the header");
    assertEquals(404, node.http().post("/demo/api/scenario/nope", null, DemoControls.HEADER, "1").statusCode());

    HttpResponse<String> started = node.http().post("/demo/api/scenario/invoice", null, DemoControls.HEADER, "1");
    assertEquals(202, started.statusCode(), started.body());
    String id = HttpCalls.json(started).get("executionId").asText();
    assertEquals("completed", HttpCalls.json(started).get("expect").asText());
    node.awaitStatus(id, "completed");

    assertEquals(200, node.http().post("/demo/api/reset", null, DemoControls.HEADER, "1").statusCode());
    assertEquals(404, node.http().get("/demo/api/nothing").statusCode());
  }
}
