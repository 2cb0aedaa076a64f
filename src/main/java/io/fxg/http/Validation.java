package io.fxg.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.crypto.Digests;
import io.fxg.execution.Caller;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.Report;
import io.fxg.execution.TargetRef;
import io.fxg.identity.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Turns request DTOs into domain values, refusing every out-of-range input with the field named. */
final class Validation {
  static final Pattern ACTION = Pattern.compile("[a-z0-9][a-zA-Z0-9._:-]{0,127}");
  static final int MAX_RESOURCE = 512;
  static final int MAX_PARAMETER_DEPTH = 16;
  static final int MAX_REPORT_ACTIONS = 100;
  static final int MAX_ARTIFACT = 16 * 1024;
  static final int DEFAULT_DURATION_SECONDS = 60;

  private Validation() {}

  static ExecutionIntent intent(String id, SubmitRequest body, Authenticated signer, String requestDigest, Duration maxDuration) {
    if (body.target() == null) {
      throw ProblemException.badRequest("target", "required");
    }
    if (!Ids.isDomain(body.target().domain())) {
      throw ProblemException.badRequest("target.domain", "must match [a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
    }
    if (!Ids.isLocalId(body.target().environment())) {
      throw ProblemException.badRequest("target.environment", "must match [a-z0-9][a-z0-9._-]{0,63}");
    }
    if (body.action() == null || !ACTION.matcher(body.action()).matches()) {
      throw ProblemException.badRequest("action", "required, matching " + ACTION.pattern());
    }
    if (body.resource() == null || body.resource().isEmpty() || body.resource().length() > MAX_RESOURCE
        || body.resource().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw ProblemException.badRequest("resource", "required, 1 to " + MAX_RESOURCE + " printable characters");
    }
    JsonNode parameters = body.parameters() == null ? io.fxg.serialization.Json.object() : body.parameters();
    if (!parameters.isObject()) {
      throw ProblemException.badRequest("parameters", "must be a JSON object");
    }
    if (depth(parameters) > MAX_PARAMETER_DEPTH) {
      throw ProblemException.badRequest("parameters", "nested deeper than " + MAX_PARAMETER_DEPTH);
    }
    int duration = body.maxDurationSeconds() == null ? DEFAULT_DURATION_SECONDS : body.maxDurationSeconds();
    if (duration < 1 || duration > maxDuration.getSeconds()) {
      throw ProblemException.badRequest("maxDurationSeconds", "must be between 1 and " + maxDuration.getSeconds());
    }
    if (body.parent() != null && (body.parent().isEmpty() || body.parent().length() > MAX_ARTIFACT)) {
      throw ProblemException.badRequest("parent", "must be an authorization artifact (JWS compact)");
    }
    String kind = Authenticated.ENVIRONMENT.equals(signer.kind()) ? Caller.ENVIRONMENT : Caller.PRINCIPAL;
    if (Caller.ENVIRONMENT.equals(kind) && body.parent() == null) {
      throw ProblemException.badRequest("parent", "an environment may only submit child executions with the parent artifact");
    }
    return new ExecutionIntent(id, new Caller(signer.domain(), signer.name(), kind),
        new TargetRef(body.target().domain(), body.target().environment()), body.action(), body.resource(),
        parameters, body.parent(), duration, requestDigest, signer.roles());
  }

  /**
   * An execution a peer gateway forwarded (SPEC section 13), signed {@code gateway/NAME}: the parent
   * (the origin's artifact) is required and its {@code sub} names the caller, read here unverified;
   * phase 2 verifies the artifact against the peer's pinned keys and that it authorized exactly
   * this request.
   */
  static ExecutionIntent forwardedIntent(String id, SubmitRequest body, Authenticated gateway, String requestDigest,
      Duration maxDuration) {
    if (body.parent() == null) {
      throw ProblemException.badRequest("parent", "a peer gateway forwards an execution with its own artifact as parent");
    }
    ExecutionIntent intent = intent(id, body, gateway, requestDigest, maxDuration);
    String sub;
    try {
      sub = io.fxg.crypto.Jws.unverifiedPayload(body.parent()).path("sub").asText("");
    } catch (io.fxg.crypto.CryptoException e) {
      throw ProblemException.badRequest("parent", "not a JWS compact serialization: " + e.getMessage());
    }
    if (!Ids.isQualified(sub)) {
      throw ProblemException.badRequest("parent", "its sub claim must name the caller, DOMAIN/PRINCIPAL");
    }
    int slash = sub.indexOf('/');
    return new ExecutionIntent(id, new Caller(sub.substring(0, slash), sub.substring(slash + 1), Caller.PEER),
        intent.target(), intent.action(), intent.resource(), intent.parameters(), intent.parentArtifact(),
        intent.maxDurationSeconds(), requestDigest, List.of(), gateway.name());
  }

  /** The intent forwarded to {@code peer}, the gateway that governs its target. */
  static ExecutionIntent forwardedTo(ExecutionIntent i, String peer) {
    return new ExecutionIntent(i.executionId(), i.caller(), i.target(), i.action(), i.resource(), i.parameters(),
        i.parentArtifact(), i.maxDurationSeconds(), i.requestDigest(), i.callerRoles(), peer);
  }

  static Report report(ReportRequest body, Authenticated signer) {
    if (body.seq() == null || body.seq() < 1) {
      throw ProblemException.badRequest("seq", "required, a positive integer");
    }
    if (body.status() == null || !List.of("running", "completed", "failed").contains(body.status())) {
      throw ProblemException.badRequest("status", "must be running, completed or failed");
    }
    List<Report.Action> actions = new ArrayList<>();
    if (body.actions() != null) {
      if (body.actions().size() > MAX_REPORT_ACTIONS) {
        throw ProblemException.badRequest("actions", "at most " + MAX_REPORT_ACTIONS + " per report");
      }
      for (int i = 0; i < body.actions().size(); i++) {
        ReportRequest.ActionTaken a = body.actions().get(i);
        if (a == null || a.action() == null || a.resource() == null) {
          throw ProblemException.badRequest("actions[" + i + "]", "needs action and resource");
        }
        actions.add(new Report.Action(a.action(), a.resource()));
      }
    }
    return new Report(body.seq(), body.status(), actions, body.result(), body.error(), signer.keyId());
  }

  /** What the artifact's {@code req} claim commits to: method, path, body digest and signature. */
  static String requestDigest(Call call) {
    String signature = call.header("Signature").orElse("");
    String base = call.request().method().value() + " " + call.request().getUri().path() + "\n"
        + Digests.digestString(call.body()) + "\n" + signature;
    return Digests.digestString(base.getBytes(StandardCharsets.UTF_8));
  }

  private static int depth(JsonNode node) {
    int deepest = 0;
    for (JsonNode child : node) {
      deepest = Math.max(deepest, depth(child));
    }
    return (node.isContainerNode() ? 1 : 0) + deepest;
  }
}
