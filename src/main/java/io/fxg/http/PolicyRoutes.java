package io.fxg.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.policy.PolicyStore;
import io.fxg.policy.PolicySync;
import io.fxg.serialization.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code PUT /v1/admin/policy} (admin-signed) and {@code GET /v1/policy} (SPEC section 6).
 *
 * <p>An install answers {@code 200 {"version", "digest", "ruleCount", "replicated", "record"}}
 * once the bundle is journaled and its pointer written to a majority ({@code replicated} false
 * when the majority did not answer in time: the install is committed all the same and reaches
 * every node through reconciliation). A bundle that does not parse or compile is {@code 400}
 * naming the field ({@code rules[i].condition} with CEL's line:column), a version that does not
 * grow is {@code 409}, a bundle over {@link PolicyStore#MAX_BUNDLE_BYTES} is {@code 413}; in every
 * case the previous bundle stays committed. {@code GET /v1/policy}
 * answers {@code {"version", "digest", "rules"}} to any signed caller, or to anyone when {@code
 * fxg.http.public-read} is on; {@code 404} when nothing is installed.
 */
public final class PolicyRoutes extends RouteSupport {
  private final ClusterSharding sharding;
  private final ActorRef<PolicySync.Command> sync;
  private final Duration replicationTimeout;

  public PolicyRoutes(ActorSystem<?> system, HttpSettings settings, Authenticator authenticator,
      ActorRef<PolicySync.Command> sync, Duration replicationTimeout) {
    super(system, settings, authenticator);
    this.sharding = ClusterSharding.get(system);
    this.sync = sync;
    this.replicationTimeout = replicationTimeout;
  }

  public Route route() {
    return concat(
        path(segment("v1").slash("admin").slash("policy"), () -> put(() -> serve(this::install))),
        path(segment("v1").slash("policy"), () -> get(() -> serve(this::current))));
  }

  private EntityRef<PolicyStore.Command> store() {
    return sharding.entityRefFor(PolicyStore.TYPE_KEY, PolicyStore.ENTITY_ID);
  }

  private CompletionStage<HttpResponse> install(Call call) {
    Authenticated admin = call.requireAdmin();
    String bundle = utf8(call.body());
    return store()
        .<PolicyStore.InstallReply>ask(r -> new PolicyStore.Install(bundle, admin.keyId(), r),
            settings.askTimeout())
        .thenCompose(reply -> {
          if (reply instanceof PolicyStore.Refused refused) {
            throw refusal(refused);
          }
          PolicyStore.Installed installed = (PolicyStore.Installed) reply;
          return AskPattern.<PolicySync.Command, PolicySync.Published>ask(sync,
                  r -> new PolicySync.Publish(installed.pointer(), r),
                  replicationTimeout.plusSeconds(1), system.scheduler())
              .exceptionally(e -> new PolicySync.Published(installed.pointer(), false))
              .thenApply(published -> installedResponse(installed, published.majority()));
        });
  }

  private static HttpResponse installedResponse(PolicyStore.Installed installed, boolean majority) {
    ObjectNode body = Json.object();
    body.put("version", installed.pointer().version());
    body.put("digest", installed.pointer().digest());
    body.put("ruleCount", installed.ruleCount());
    body.put("replicated", majority);
    body.putObject("record")
        .put("chain", installed.record().executionId())
        .put("seq", installed.record().seq())
        .put("hash", installed.record().hash());
    return Problems.json(200, body);
  }

  private static ProblemException refusal(PolicyStore.Refused refused) {
    String type = switch (refused.status()) {
      case 400 -> "policy.invalid";
      case 409 -> "policy.version-conflict";
      default -> "policy.unavailable";
    };
    return new ProblemException(refused.status(), type, refused.detail(), refused.field());
  }

  private CompletionStage<HttpResponse> current(Call call) {
    if (!settings.publicRead()) {
      call.requireSigner();
    }
    return store()
        .<PolicyStore.Current>ask(r -> new PolicyStore.GetCurrent(null, r), settings.askTimeout())
        .thenApply(current -> {
          if (current.fault() != null) {
            throw new ProblemException(503, "policy.unavailable",
                "the policy chain does not verify: " + current.fault());
          }
          if (current.pointer() == null) {
            throw ProblemException.notFound("no policy is installed");
          }
          ObjectNode body = Json.object();
          body.put("version", current.pointer().version());
          body.put("digest", current.pointer().digest());
          body.set("rules", parse(current.bundleJson()).get("rules"));
          return Problems.json(200, body);
        });
  }

  private static JsonNode parse(String json) {
    try {
      return Json.parse(json);
    } catch (IOException e) {
      throw new UncheckedIOException("the stored bundle is not JSON", e);
    }
  }

  private static String utf8(byte[] body) {
    if (body.length == 0) {
      throw new ProblemException(400, "policy.invalid", "body: a policy bundle is required", "body");
    }
    if (body.length > PolicyStore.MAX_BUNDLE_BYTES) {
      throw new ProblemException(413, "body-too-large", "body: a policy bundle is limited to "
          + PolicyStore.MAX_BUNDLE_BYTES + " bytes", "body");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new ProblemException(400, "policy.invalid", "body: not UTF-8", "body");
    }
  }
}
