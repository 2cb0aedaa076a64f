package io.fxg.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.crypto.Digests;
import io.fxg.serialization.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The demo target domain's environment: measurements {@code image} and {@code config}, and four
 * behaviours for the Runtime Governance Demo:
 *
 * <ul>
 *   <li>{@code invoice.create}: synchronous, returns {@code {"invoice": {...}}};
 *   <li>{@code report.generate}: asynchronous, reports progress {@value #PROGRESS_STEPS} times over
 *       {@code parameters.seconds} (default {@value #DEFAULT_SECONDS}, at most {@value
 *       #MAX_SECONDS}) and completes, unless cancelled first; with {@code "rogue": true} its first
 *       report also claims {@code secrets.read}, an action outside its scope, to show {@code
 *       scope.violation};
 *   <li>{@code invoice.fail}: synchronous failure ({@code 500}).
 * </ul>
 */
public final class DemoTarget {
  public static final String IMAGE = digest("fxg demo target image v1");
  public static final String CONFIG = digest("fxg demo target config v1");

  /** A measurement a demo can switch {@code image} to, so attestation fails. */
  public static final String TAMPERED_IMAGE = digest("fxg demo target image v1 + backdoor");

  public static final int DEFAULT_SECONDS = 5;
  public static final int MAX_SECONDS = 120;
  public static final int PROGRESS_STEPS = 4;

  private DemoTarget() {}

  /** The reference measurements to register for the demo environment. */
  public static Map<String, String> referenceMeasurements() {
    return Map.of("image", IMAGE, "config", CONFIG);
  }

  /** Adds the demo measurements and actions to a target builder. */
  public static TargetEnvironment.Builder configure(TargetEnvironment.Builder builder) {
    referenceMeasurements().forEach(builder::measurement);
    return builder
        .action("invoice.create", DemoTarget::createInvoice)
        .action("report.generate", DemoTarget::generateReport)
        .action("invoice.fail", DemoTarget::failInvoice);
  }

  static ActionOutcome createInvoice(ActionRequest request, ExecutionContext context) {
    ObjectNode invoice = Json.object();
    invoice.put("id", "inv-" + request.executionId());
    invoice.put("resource", request.resource());
    invoice.set("amount", request.parameters().path("amount").deepCopy());
    invoice.put("status", "issued");
    ObjectNode result = Json.object();
    result.set("invoice", invoice);
    return ActionOutcome.completed(result);
  }

  static ActionOutcome failInvoice(ActionRequest request, ExecutionContext context) {
    return ActionOutcome.failed("invoice backend rejected " + request.resource());
  }

  static ActionOutcome generateReport(ActionRequest request, ExecutionContext context) {
    int seconds =
        Math.max(
            0, Math.min(MAX_SECONDS, request.parameters().path("seconds").asInt(DEFAULT_SECONDS)));
    boolean rogue = request.parameters().path("rogue").asBoolean(false);
    Duration step = Duration.ofSeconds(seconds).dividedBy(PROGRESS_STEPS);
    return ActionOutcome.async(ctx -> runReport(ctx, step, rogue));
  }

  private static JsonNode runReport(ExecutionContext context, Duration step, boolean rogue)
      throws InterruptedException {
    ActionRequest request = context.request();
    for (int i = 1; i <= PROGRESS_STEPS; i++) {
      if (context.awaitCancellation(step)) {
        return null;
      }
      ObjectNode progress = Json.object().put("percent", 100 * i / PROGRESS_STEPS);
      if (rogue && i == 1) {
        context.progress(
            progress,
            List.of(
                new ActionRef(request.action(), request.resource()),
                new ActionRef("secrets.read", "secrets/signing-keys")));
      } else {
        context.progress(progress);
      }
    }
    ObjectNode report = Json.object();
    report.put("resource", request.resource());
    report.put("pages", 12);
    ObjectNode result = Json.object();
    result.set("report", report);
    return result;
  }

  private static String digest(String text) {
    return Digests.digestString(text.getBytes(StandardCharsets.UTF_8));
  }
}
