package io.fxg.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.ExecutionIds;
import io.fxg.identity.Domain;
import io.fxg.identity.DomainDocument;
import io.fxg.identity.DomainDocuments;
import io.fxg.identity.DomainSnapshot;
import io.fxg.identity.IdentityException;
import io.fxg.identity.Ids;
import io.fxg.identity.Revocation;
import io.fxg.identity.Revocations;
import io.fxg.identity.TrustRegistry;
import io.fxg.identity.TrustUpdate;
import io.fxg.identity.TrustView;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /v1/admin/domains} and {@code /v1/admin/revocations} (SPEC section 5), admin-signed only.
 * Input is validated completely before anything is journaled; a change is answered once the
 * entity journaled it and this node's trust view applies it.
 */
public final class AdminDomainRoutes extends RouteSupport {
  private static final int MAX_REASON = Domain.MAX_REASON;
  private final ClusterSharding sharding;
  private final Supplier<TrustView> trust;
  private final ActorRef<TrustRegistry.Command> registry;

  public AdminDomainRoutes(ActorSystem<?> system, HttpSettings settings, Authenticator authenticator,
      Supplier<TrustView> trust, ActorRef<TrustRegistry.Command> registry) {
    super(system, settings, authenticator);
    this.sharding = ClusterSharding.get(system);
    this.trust = trust;
    this.registry = registry;
  }

  public Route route() {
    return pathPrefix(segment("v1").slash("admin"), () -> concat(
        pathPrefix("domains", () -> concat(
            pathEndOrSingleSlash(() -> get(() -> serveNow(this::list))),
            pathPrefix(PathMatchers.segment(), name -> concat(
                pathEnd(() -> concat(
                    put(() -> serve(call -> putDomain(call, name))),
                    get(() -> serve(call -> getDomain(call, name, false))))),
                path("lineage", () -> get(() -> serve(call -> getDomain(call, name, true)))),
                path("suspend", () -> post(() -> serve(call -> suspend(call, name, true)))),
                path("resume", () -> post(() -> serve(call -> suspend(call, name, false)))))))),
        path("revocations", () -> concat(
            post(() -> serve(this::revoke)),
            get(() -> serveNow(this::revocations))))));
  }

  private EntityRef<Domain.Command> domain(String name) {
    try {
      return sharding.entityRefFor(Domain.TYPE_KEY, DomainDocuments.requireDomainName(name));
    } catch (IdentityException e) {
      throw ProblemException.badRequest(e.field(), e.detail());
    }
  }

  private CompletionStage<HttpResponse> putDomain(Call call, String name) {
    Authenticated admin = call.requireAdmin();
    DomainDocument document;
    try {
      document = DomainDocuments.parse(name, call.body());
    } catch (IdentityException e) {
      throw ProblemException.badRequest(e.field(), e.detail());
    }
    return domain(name).<Domain.Reply>ask(r -> new Domain.Put(document, admin.keyId(), r), settings.askTimeout())
        .thenCompose(this::appliedHere);
  }

  private CompletionStage<HttpResponse> getDomain(Call call, String name, boolean lineage) {
    call.requireAdmin();
    return domain(name).<Domain.Reply>ask(Domain.Get::new, settings.askTimeout()).thenApply(reply -> {
      requireOk(reply);
      if (!lineage) {
        return Problems.json(200, view(reply.snapshot()));
      }
      ObjectNode body = Json.object();
      body.put("chainId", Domain.chainId(name));
      ArrayNode records = body.putArray("records");
      reply.records().forEach(r -> records.add(r.toJson()));
      return Problems.json(200, body);
    });
  }

  private CompletionStage<HttpResponse> suspend(Call call, String name, boolean suspend) {
    Authenticated admin = call.requireAdmin();
    String reason = reason(call.body(), suspend ? "suspended" : "resumed");
    return domain(name).<Domain.Reply>ask(r -> suspend
            ? new Domain.Suspend(reason, admin.keyId(), r) : new Domain.Resume(reason, admin.keyId(), r),
            settings.askTimeout())
        .thenCompose(this::appliedHere);
  }

  private CompletionStage<HttpResponse> appliedHere(Domain.Reply reply) {
    requireOk(reply);
    return applyHere(reply.snapshot()).thenApply(done -> Problems.json(reply.status(), view(reply.snapshot())));
  }

  private CompletionStage<TrustRegistry.Applied> applyHere(TrustUpdate update) {
    return AskPattern.ask(registry, r -> new TrustRegistry.Apply(update, r), settings.askTimeout(), system.scheduler());
  }

  private static void requireOk(Domain.Reply reply) {
    if (reply.status() == 404) {
      throw ProblemException.notFound(reply.detail());
    }
    if (reply.status() >= 400) {
      throw new ProblemException(reply.status(), "crypto.invalid", reply.detail());
    }
  }

  private HttpResponse list(Call call) {
    call.requireAdmin();
    ObjectNode body = Json.object();
    ArrayNode domains = body.putArray("domains");
    for (DomainSnapshot d : trust.get().domains()) {
      domains.addObject().put("domain", d.name()).put("displayName", d.document().displayName())
          .put("suspended", d.suspended()).put("principals", d.document().principals().size())
          .put("environments", d.document().environments().size()).put("seq", d.seq());
    }
    return Problems.json(200, body);
  }

  private static ObjectNode view(DomainSnapshot snapshot) {
    ObjectNode body = Json.object();
    body.put("domain", snapshot.name());
    body.setAll(snapshot.document().toJson(snapshot.name()));
    body.put("suspended", snapshot.suspended());
    body.put("suspendReason", snapshot.suspendReason());
    body.put("seq", snapshot.seq());
    body.put("lineageHead", snapshot.head());
    body.put("updatedAt", snapshot.updatedAt());
    return body;
  }

  private CompletionStage<HttpResponse> revoke(Call call) {
    Authenticated admin = call.requireAdmin();
    JsonNode body = object(call.body(), Set.of("kind", "id", "reason"));
    String kind = text(body, "kind", 16);
    if (!Revocation.KINDS.contains(kind)) {
      throw ProblemException.badRequest("kind", "must be key, environment or artifact");
    }
    String id = text(body, "id", 200);
    boolean artifact = Revocation.ARTIFACT.equals(kind);
    if (artifact ? !ExecutionIds.isWellFormed(id) : !Ids.isQualified(id) || id.startsWith("admin/")) {
      throw ProblemException.badRequest("id", artifact ? "must be an artifact jti (execution id)"
          : "must be a DOMAIN/NAME key id of a principal or environment (admin keys live in fxg.admin.jwks-file)");
    }
    String reason = text(body, "reason", MAX_REASON);
    var existing = trust.get().revocation(kind, id);
    if (existing.isPresent()) {
      return CompletableFuture.completedFuture(Problems.json(200, revocation(existing.get()).put("alreadyRevoked", true)));
    }
    return sharding.entityRefFor(Revocations.TYPE_KEY, Revocations.ENTITY_ID)
        .<Revocations.Reply>ask(r -> new Revocations.Revoke(kind, id, reason, admin.keyId(), r), settings.askTimeout())
        .thenCompose(reply -> {
          if (reply.revocation() == null) {
            throw new ProblemException(reply.status(), reply.status() == 507 ? "storage-full" : "crypto.invalid", reply.detail());
          }
          return applyHere(reply.revocation()).thenApply(done -> Problems.json(201, revocation(reply.revocation())));
        });
  }

  private HttpResponse revocations(Call call) {
    call.requireAdmin();
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("revocations");
    trust.get().revocations().stream().sorted((a, b) -> Long.compare(a.seq(), b.seq()))
        .forEach(r -> list.add(revocation(r)));
    return Problems.json(200, body);
  }

  private static ObjectNode revocation(Revocation r) {
    return Json.object().put("kind", r.kind()).put("id", r.id()).put("reason", r.reason()).put("at", r.at()).put("seq", r.seq());
  }

  /** Optional body {@code {"reason": ".."}}; without one the reason is {@code fallback}. */
  static String reason(byte[] body, String fallback) {
    if (body.length == 0) {
      return fallback;
    }
    JsonNode node = object(body, Set.of("reason"));
    return node.has("reason") ? text(node, "reason", MAX_REASON) : fallback;
  }

  private static JsonNode object(byte[] body, Set<String> allowed) {
    JsonNode node;
    try {
      node = body.length == 0 ? null : Json.parse(body);
    } catch (IOException e) {
      String member = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? Json.memberOf(p, body) : null;
      throw member == null ? ProblemException.badRequest("body", "malformed JSON") : ProblemException.badRequest(member, "beyond a limit");
    }
    if (node == null || !node.isObject()) {
      throw ProblemException.badRequest("body", "must be a JSON object");
    }
    String illFormed = Json.illFormedUnicodeMember(node);
    if (illFormed != null) {
      throw ProblemException.badRequest(illFormed, "not well-formed Unicode (a lone surrogate)");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw ProblemException.badRequest(name, "unknown field");
      }
    }
    return node;
  }

  private static String text(JsonNode body, String field, int max) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty() || value.asText().length() > max
        || value.asText().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw ProblemException.badRequest(field, "required, 1 to " + max + " printable characters");
    }
    return value.asText();
  }
}
