package io.fxg.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.Execution;
import io.fxg.execution.ExecutionIds;
import io.fxg.execution.ExecutionIndex;
import io.fxg.execution.ExecutionIntent;
import io.fxg.execution.ExecutionView;
import io.fxg.execution.IdempotencyKey;
import io.fxg.serialization.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /v1/executions} and {@code /v1/authorizations} (SPEC section 7). */
public final class ExecutionRoutes extends RouteSupport {
  private static final Pattern PREFER_WAIT = Pattern.compile("(?:^|[;,\\s])wait\\s*=\\s*(\\d{1,6})");
  private final ClusterSharding sharding;
  private final ActorRef<ExecutionIndex.Command> index;
  private final NodeHealth health;
  private final Admission admission;
  private final java.util.function.Consumer<String> reportsRejected;
  private final java.util.function.Supplier<io.fxg.identity.TrustView> trust;

  /** @param reportsRejected told the failed check of every report refused for its signature (a metric) */
  public ExecutionRoutes(ActorSystem<?> system, HttpSettings settings, Authenticator authenticator,
      ActorRef<ExecutionIndex.Command> index, NodeHealth health, java.util.function.Consumer<String> reportsRejected,
      java.util.function.Supplier<io.fxg.identity.TrustView> trust) {
    super(system, settings, authenticator);
    this.trust = trust;
    this.reportsRejected = reportsRejected;
    this.sharding = ClusterSharding.get(system);
    this.index = index;
    this.health = health;
    this.admission = new Admission(settings.maxPendingSubmissions());
  }

  public Route route() {
    return concat(
        pathPrefix(segment("v1").slash("executions"), () -> concat(
            pathEndOrSingleSlash(() -> concat(
                post(() -> serveAdmitted(admission, this::submit)),
                get(() -> serve(this::search)))),
            pathPrefix(PathMatchers.segment(), id -> concat(
                pathEnd(() -> get(() -> serve(call -> readView(call, id)))),
                path("lineage", () -> get(() -> serve(call -> lineage(call, id)))),
                path("cancel", () -> post(() -> serve(call -> cancel(call, id)))),
                path("peer-notice", () -> post(() -> serve(call -> peerNotice(call, id)))),
                path("reports", () -> post(() -> serve(call -> report(call, id),
                    (request, body, refusal) -> reportSignatureRefused(id, request, body, refusal)))))))),
        path(segment("v1").slash("authorizations").slash(PathMatchers.segment()).slash("status"),
            jti -> get(() -> serve(call -> artifactStatus(jti)))));
  }

  private EntityRef<Execution.Command> entity(String id) {
    if (!ExecutionIds.isWellFormed(id)) {
      throw ProblemException.notFound("no execution " + id);
    }
    return sharding.entityRefFor(Execution.TYPE_KEY, id);
  }

  private CompletionStage<HttpResponse> submit(Call call) {
    Authenticated signer = call.requireSigner();
    if (signer.isAdmin()) {
      throw new ProblemException(403, "forbidden", "admin keys cannot submit executions");
    }
    health.requireAcceptingExecutions();
    SubmitRequest body = JsonBodies.read(call.body(), SubmitRequest.class);
    Instant now = Instant.now();
    String proposed = ExecutionIds.next(now);
    ExecutionIntent probe = signer.isGateway()
        ? Validation.forwardedIntent(proposed, body, signer, Validation.requestDigest(call), settings.maxDuration())
        : Validation.intent(proposed, body, signer, Validation.requestDigest(call), settings.maxDuration());
    if (!signer.isGateway()) {
      var governor = trust.get().peerGoverning(probe.target().domain());
      if (governor.isPresent()) {
        probe = Validation.forwardedTo(probe, governor.get().name());
      }
    }
    ExecutionIntent accepted = probe;
    CompletionStage<String> id = call.header("Idempotency-Key")
        .map(key -> claim(signer.keyId(), key, proposed))
        .orElse(CompletableFuture.completedFuture(proposed));
    int waitSeconds = preferWait(call);
    return id.thenCompose(executionId -> {
      ExecutionIntent intent = executionId.equals(proposed) ? accepted : accepted.withId(executionId);
      return entity(executionId).<Execution.ViewReply>ask(r -> new Execution.Submit(intent, r), settings.askTimeout())
          .thenCompose(submitted -> waitSeconds <= 0 || submitted.view() == null
              ? CompletableFuture.completedFuture(submitted)
              : awaitTerminal(executionId, Duration.ofSeconds(Math.min(waitSeconds, settings.maxWait().getSeconds()))))
          .thenApply(reply -> submitted(reply.view(), executionId));
    });
  }

  private CompletionStage<String> claim(String callerKeyId, String key, String proposed) {
    if (key.isEmpty() || key.length() > IdempotencyKey.MAX_KEY_LENGTH) {
      throw ProblemException.badRequest("Idempotency-Key", "1 to " + IdempotencyKey.MAX_KEY_LENGTH + " characters");
    }
    return sharding.entityRefFor(IdempotencyKey.TYPE_KEY, IdempotencyKey.entityId(callerKeyId, key))
        .<IdempotencyKey.Claimed>ask(r -> new IdempotencyKey.Claim(proposed, r), settings.askTimeout())
        .thenApply(IdempotencyKey.Claimed::executionId);
  }

  private CompletionStage<Execution.ViewReply> awaitTerminal(String id, Duration wait) {
    return entity(id).<Execution.ViewReply>ask(Execution.AwaitTerminal::new, wait)
        .exceptionallyCompose(timeout -> entity(id).ask(Execution.GetView::new, settings.askTimeout()));
  }

  private static int preferWait(Call call) {
    return call.header("Prefer").map(value -> {
      Matcher m = PREFER_WAIT.matcher(value);
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }).orElse(0);
  }

  private HttpResponse submitted(ExecutionView view, String id) {
    if (view == null) {
      throw new ProblemException(409, "conflict", "execution " + id + " could not be created");
    }
    String self = "/v1/executions/" + id;
    if (view.terminal()) {
      return Problems.json(200, withPeerUrl(view)).addHeader(Location.create(self));
    }
    ObjectNode body = Json.object();
    body.put("executionId", id);
    body.put("phase", view.phase());
    body.put("status", view.status());
    ObjectNode links = body.putObject("links");
    links.put("self", self);
    links.put("lineage", self + "/lineage");
    links.put("proof", self + "/proof");
    links.put("cancel", self + "/cancel");
    return Problems.json(202, body).addHeader(Location.create(self));
  }

  private CompletionStage<ExecutionView> readableView(Call call, String id) {
    return entity(id).<Execution.ViewReply>ask(Execution.GetView::new, settings.askTimeout()).thenApply(reply -> {
      if (reply.view() == null) {
        throw ProblemException.notFound("no execution " + id);
      }
      ReadAccess.check(call, settings, reply.view());
      return reply.view();
    });
  }

  private CompletionStage<HttpResponse> readView(Call call, String id) {
    return readableView(call, id).thenApply(view -> Problems.json(200, withPeerUrl(view)));
  }

  /** The view, its peer link (if any) completed with the peer's URL and the linked execution's. */
  private com.fasterxml.jackson.databind.JsonNode withPeerUrl(ExecutionView view) {
    ObjectNode json = (ObjectNode) Json.toTree(view);
    if (view.peer() != null) {
      trust.get().peer(view.peer().name()).ifPresent(p -> {
        ObjectNode link = (ObjectNode) json.get("peer");
        link.put("url", p.document().url());
        if (view.peer().executionId() != null) {
          link.put("href", p.document().url() + "/v1/executions/" + view.peer().executionId());
        }
      });
    }
    return json;
  }

  /**
   * {@code POST /v1/executions/{id}/peer-notice}, signed by a peer gateway: the execution linked to
   * this one there changed. The entity then reads the counterpart itself; a notice from a gateway
   * that is not this execution's peer is ignored there.
   */
  private CompletionStage<HttpResponse> peerNotice(Call call, String id) {
    Authenticated signer = call.requireSigner();
    if (!signer.isGateway()) {
      throw new ProblemException(403, "forbidden", "only a peer gateway sends notices");
    }
    entity(id).tell(new Execution.PeerNotice(signer.name()));
    ObjectNode body = Json.object();
    body.put("accepted", true);
    return CompletableFuture.completedFuture(Problems.json(202, body));
  }

  private CompletionStage<HttpResponse> lineage(Call call, String id) {
    return readableView(call, id)
        .thenCompose(view -> entity(id).<Execution.LineageReply>ask(Execution.GetLineage::new, settings.askTimeout()))
        .thenApply(reply -> {
          ObjectNode body = Json.object();
          body.put("executionId", id);
          body.set("records", Json.mapper().valueToTree(reply.records().stream().map(r -> r.toJson()).toList()));
          return Problems.json(200, body);
        });
  }

  private CompletionStage<HttpResponse> cancel(Call call, String id) {
    Authenticated signer = call.requireSigner();
    return entity(id).<Execution.Ack>ask(r -> new Execution.Cancel(signer.keyId(), r), settings.askTimeout())
        .thenApply(ExecutionRoutes::ackResponse);
  }

  private CompletionStage<HttpResponse> report(Call call, String id) {
    if (call.signer().isEmpty()) {
      rejected(id, "missing-signature", null, "the report carries no signature");
    }
    Authenticated signer = call.requireSigner();
    ReportRequest body = JsonBodies.read(call.body(), ReportRequest.class);
    var report = Validation.report(body, signer);
    // Any verified signer goes to the execution: one that is not its target interrupts it (crypto.invalid).
    return entity(id).<Execution.Ack>ask(r -> new Execution.ReceiveReport(report, r), settings.askTimeout())
        .thenApply(ExecutionRoutes::ackResponse);
  }

  /**
   * A report whose signature check failed (SPEC section 8). When it verifies under a key that may
   * no longer be used (revoked, domain suspended), its holder signed it: {@code crypto.invalid}
   * interrupts the execution. Otherwise anyone could have sent it: it is counted and recorded
   * ({@code report.rejected}, throttled by the execution) and interrupts nothing.
   */
  private void reportSignatureRefused(String id, org.apache.pekko.http.javadsl.model.HttpRequest request, byte[] body,
      ProblemException refusal) {
    if (!ExecutionIds.isWellFormed(id)) {
      return;
    }
    if (refusal.type().equals("signature.revoked-key") || refusal.type().equals("signature.suspended-domain")) {
      java.util.Optional<String> signer = authenticator.verifiesWithRefusedKey(request, body);
      if (signer.isPresent()) {
        entity(id).tell(new Execution.ReportSignerRefused(signer.get(), refusal.type() + ": " + refusal.getMessage()));
        return;
      }
    }
    rejected(id, refusal.type().substring(refusal.type().indexOf('.') + 1), claimedKeyId(request), refusal.getMessage());
  }

  private void rejected(String id, String check, String claimedKeyId, String detail) {
    reportsRejected.accept(check);
    if (ExecutionIds.isWellFormed(id)) {
      entity(id).tell(new Execution.ReportRejected(check, claimedKeyId, detail));
    }
  }

  private static String claimedKeyId(org.apache.pekko.http.javadsl.model.HttpRequest request) {
    return request.getHeader("Signature-Input").map(h -> {
      try {
        return io.fxg.httpsig.SignatureInput.parseField(h.value()).values().stream()
            .map(input -> input.keyId().orElse(null)).filter(k -> k != null).findFirst().orElse(null);
      } catch (io.fxg.httpsig.HttpSignatureException e) {
        return null;
      }
    }).orElse(null);
  }

  private static HttpResponse ackResponse(Execution.Ack ack) {
    if (ack.httpStatus() >= 400) {
      String type = ack.httpStatus() == 404 ? "not-found" : ack.httpStatus() == 409 ? "conflict" : "forbidden";
      throw new ProblemException(ack.httpStatus(), type, ack.detail());
    }
    ObjectNode body = Json.object();
    body.put("accepted", true);
    body.put("detail", ack.detail());
    body.put("status", ack.executionStatus());
    return Problems.json(200, body);
  }

  private CompletionStage<HttpResponse> artifactStatus(String jti) {
    return entity(jti).<Execution.ArtifactStatus>ask(Execution.GetArtifactStatus::new, settings.askTimeout())
        .thenApply(status -> {
          if ("unknown".equals(status.status())) {
            throw ProblemException.notFound("no authorization " + jti);
          }
          ObjectNode body = Json.object();
          body.put("jti", jti);
          body.put("status", status.status());
          return Problems.json(200, body);
        });
  }

  private CompletionStage<HttpResponse> search(Call call) {
    var query = call.request().getUri().query();
    String domain = query.get("domain").orElse(null);
    if (!settings.publicRead()) {
      Authenticated signer = call.requireSigner();
      if (!signer.isAdmin()) {
        if (domain != null && !domain.equals(signer.domain())) {
          throw new ProblemException(403, "forbidden", "a domain may search only its own executions");
        }
        domain = signer.domain();
      }
    }
    String status = query.get("status").orElse(null);
    if (status != null && !java.util.List.of("pending", "running", "completed", "failed", "interrupted", "denied").contains(status)) {
      throw ProblemException.badRequest("status", "must be one of pending|running|completed|failed|interrupted|denied");
    }
    Instant since = null;
    if (query.get("since").isPresent()) {
      try {
        since = Instant.parse(query.get("since").get());
      } catch (DateTimeParseException e) {
        throw ProblemException.badRequest("since", "must be an RFC 3339 UTC instant");
      }
    }
    int limit;
    try {
      limit = Integer.parseInt(query.get("limit").orElse("50"));
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("limit", "must be an integer");
    }
    if (limit < 1 || limit > ExecutionIndex.MAX_LIMIT) {
      throw ProblemException.badRequest("limit", "must be between 1 and " + ExecutionIndex.MAX_LIMIT);
    }
    String filterDomain = domain;
    Instant filterSince = since;
    String reason = query.get("reason").orElse(null);
    return AskPattern.<ExecutionIndex.Command, ExecutionIndex.Results>ask(index,
            r -> new ExecutionIndex.Search(filterDomain, status, reason, filterSince, limit, r),
            settings.askTimeout(), system.scheduler())
        .thenApply(results -> Problems.json(200, results));
  }
}
