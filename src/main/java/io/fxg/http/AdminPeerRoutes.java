package io.fxg.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.identity.IdentityException;
import io.fxg.identity.Peer;
import io.fxg.identity.PeerDocument;
import io.fxg.identity.PeerDocuments;
import io.fxg.identity.PeerSnapshot;
import io.fxg.identity.TrustRegistry;
import io.fxg.identity.TrustView;
import io.fxg.proof.NoteVerifier;
import io.fxg.proof.ProofVerificationException;
import io.fxg.serialization.Json;
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
 * {@code /v1/admin/peers} (SPEC section 13), admin-signed only, and the public {@code GET
 * /v1/peers/self}: this gateway's own peer document, to register it at a peer. A document is
 * validated completely before anything is journaled; a change is answered once the {@link Peer}
 * entity journaled it and this node's trust view applies it.
 *
 * <p>A peer may not govern a domain this gateway registers itself (409 naming {@code domains[i]}),
 * nor one another peer governs. Should a domain be registered locally after a peer claimed it,
 * {@link TrustView#peerGoverning} still prefers the local domain: a local domain is never
 * forwarded.
 */
public final class AdminPeerRoutes extends RouteSupport {
  private final ClusterSharding sharding;
  private final Supplier<TrustView> trust;
  private final ActorRef<TrustRegistry.Command> registry;
  private final Self self;

  /**
   * What {@code GET /v1/peers/self} advertises.
   *
   * @param name this gateway's name at its peers ({@code fxg.peers.name})
   * @param url the base URL peers reach it at ({@code fxg.peers.public-url}, else the configured
   *     host and port); null from it: the scheme and authority the request came in on (a node bound
   *     to port 0 or to a wildcard address)
   * @param jwks this gateway's signing keys, current first ({@code GatewayKeys.jwks()})
   * @param logKey the log's verifier key, as {@code /v1/log/key} serves it
   * @param witnessKey this gateway's witness verifier key, or null while it witnesses no log
   */
  public record Self(String name, Supplier<String> url, JsonNode jwks, String logKey, Supplier<String> witnessKey) {}

  public AdminPeerRoutes(ActorSystem<?> system, HttpSettings settings, Authenticator authenticator,
      Supplier<TrustView> trust, ActorRef<TrustRegistry.Command> registry, Self self) {
    super(system, settings, authenticator);
    this.sharding = ClusterSharding.get(system);
    this.trust = trust;
    this.registry = registry;
    this.self = self;
  }

  public Route route() {
    return concat(
        path(segment("v1").slash("peers").slash("self"), () -> get(() -> serveNow(this::selfDocument))),
        pathPrefix(segment("v1").slash("admin").slash("peers"), () -> concat(
            pathEndOrSingleSlash(() -> get(() -> serveNow(this::list))),
            pathPrefix(PathMatchers.segment(), name -> concat(
                pathEnd(() -> concat(
                    put(() -> serve(call -> putPeer(call, name))),
                    get(() -> serve(call -> getPeer(call, name, false))),
                    delete(() -> serve(call -> removePeer(call, name))))),
                path("lineage", () -> get(() -> serve(call -> getPeer(call, name, true)))))))));
  }

  private EntityRef<Peer.Command> peer(String name) {
    try {
      return sharding.entityRefFor(Peer.TYPE_KEY, PeerDocuments.requirePeerName(name));
    } catch (IdentityException e) {
      throw ProblemException.badRequest(e.field(), e.detail());
    }
  }

  private CompletionStage<HttpResponse> putPeer(Call call, String name) {
    Authenticated admin = call.requireAdmin();
    EntityRef<Peer.Command> entity = peer(name);
    PeerDocument document;
    try {
      document = PeerDocuments.parse(name, call.body());
      String origin = NoteVerifier.parse(document.logKey()).name();
      if (origin.equals(NoteVerifier.parse(self.logKey()).name())) {
        // Witness state is kept per log origin, and proofs name logs by it: two gateways' logs must differ.
        throw ProblemException.badRequest("logKey", "the peer's log has this gateway's own origin " + origin
            + "; give each gateway its own fxg.log.origin (FXG_LOG_ORIGIN)");
      }
    } catch (IdentityException e) {
      throw ProblemException.badRequest(e.field(), e.detail());
    } catch (ProofVerificationException e) {
      throw ProblemException.badRequest("logKey", e.getMessage());
    }
    requireUngoverned(name, document);
    return entity.<Peer.Reply>ask(r -> new Peer.Put(document, admin.keyId(), r), settings.askTimeout())
        .thenCompose(this::appliedHere);
  }

  /** 409 when a listed domain is registered here or governed by another (not removed) peer. */
  private void requireUngoverned(String name, PeerDocument document) {
    TrustView view = trust.get();
    for (int i = 0; i < document.domains().size(); i++) {
      String domain = document.domains().get(i);
      if (view.domain(domain).isPresent()) {
        throw new ProblemException(409, "conflict", "domains[" + i + "]: " + domain
            + " is a trust domain of this gateway; a peer cannot govern it", "domains[" + i + "]");
      }
      for (PeerSnapshot other : view.peers()) {
        if (!other.name().equals(name) && !other.removed() && other.document().domains().contains(domain)) {
          throw new ProblemException(409, "conflict", "domains[" + i + "]: " + domain + " is governed by peer "
              + other.name(), "domains[" + i + "]");
        }
      }
    }
  }

  private CompletionStage<HttpResponse> getPeer(Call call, String name, boolean lineage) {
    call.requireAdmin();
    return peer(name).<Peer.Reply>ask(Peer.Get::new, settings.askTimeout()).thenApply(reply -> {
      requireOk(reply);
      if (!lineage) {
        return Problems.json(200, view(reply.snapshot()));
      }
      ObjectNode body = Json.object();
      body.put("chainId", Peer.chainId(name));
      ArrayNode records = body.putArray("records");
      reply.records().forEach(r -> records.add(r.toJson()));
      return Problems.json(200, body);
    });
  }

  private CompletionStage<HttpResponse> removePeer(Call call, String name) {
    Authenticated admin = call.requireAdmin();
    EntityRef<Peer.Command> entity = peer(name);
    String reason = AdminDomainRoutes.reason(call.body(), "removed");
    return entity.<Peer.Reply>ask(r -> new Peer.Remove(reason, admin.keyId(), r), settings.askTimeout())
        .thenCompose(this::appliedHere);
  }

  private CompletionStage<HttpResponse> appliedHere(Peer.Reply reply) {
    requireOk(reply);
    return AskPattern.<TrustRegistry.Command, TrustRegistry.Applied>ask(registry,
            r -> new TrustRegistry.Apply(reply.snapshot(), r), settings.askTimeout(), system.scheduler())
        .thenApply(done -> Problems.json(reply.status(), view(reply.snapshot())));
  }

  private static void requireOk(Peer.Reply reply) {
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
    ArrayNode peers = body.putArray("peers");
    for (PeerSnapshot p : trust.get().peers()) {
      ObjectNode entry = peers.addObject().put("name", p.name()).put("url", p.document().url())
          .put("removed", p.removed()).put("currentKid", p.document().currentKey().kid()).put("seq", p.seq());
      p.document().domains().forEach(entry.putArray("domains")::add);
    }
    return Problems.json(200, body);
  }

  static ObjectNode view(PeerSnapshot snapshot) {
    ObjectNode body = Json.object();
    body.put("name", snapshot.name());
    body.setAll(snapshot.document().toJson());
    body.put("removed", snapshot.removed());
    body.put("seq", snapshot.seq());
    body.put("lineageHead", snapshot.head());
    body.put("updatedAt", snapshot.updatedAt());
    return body;
  }

  private HttpResponse selfDocument(Call call) {
    ObjectNode body = Json.object();
    body.put("name", self.name());
    String url = self.url().get();
    if (url == null) {
      var uri = call.request().getUri();
      url = uri.scheme() + "://" + uri.getHost().address() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }
    body.put("url", url);
    body.set("jwks", self.jwks().deepCopy());
    body.put("logKey", self.logKey());
    String witnessKey = self.witnessKey().get();
    if (witnessKey != null) {
      body.put("witnessKey", witnessKey);
    }
    ArrayNode domains = body.putArray("domains");
    trust.get().domains().forEach(d -> domains.add(d.name()));
    return Problems.json(200, body);
  }
}
