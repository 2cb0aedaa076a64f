package io.fxg.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.execution.Execution;
import io.fxg.execution.ExecutionIds;
import io.fxg.execution.ExecutionView;
import io.fxg.lineage.LineageRecord;
import io.fxg.proof.CosignatureStore;
import io.fxg.proof.LogStore;
import io.fxg.proof.ProofBundle;
import io.fxg.proof.TransparencyLog;
import io.fxg.serialization.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * {@code GET /v1/executions/{id}/proof}: the execution's offline proof bundle (SPEC section 10),
 * readable under the same rule as the execution ({@link ReadAccess}).
 *
 * <p>A bundle holds the records that the latest published checkpoint covers: the leading part of
 * the chain already in the log. Records appended since are left out until the next checkpoint
 * (within {@code fxg.log.checkpoint-interval}); when not even the first record is covered the
 * answer is {@code 409 proof.pending}. The artifact is included once its
 * {@code authorization.issued} record is covered. Children are nested the same way, each with its
 * own covered records; a child with none covered yet is left out. With {@code fxg.log.witness-quorum}
 * above 0, only a checkpoint carrying that many peer witnesses' cosignatures counts as covering.
 */
public final class ProofRoutes extends RouteSupport {
  /** {@code application/vnd.fxg.proof.v1+json}. */
  public static final ContentType PROOF_JSON =
      MediaTypes.applicationWithFixedCharset("vnd.fxg.proof.v1+json", HttpCharsets.UTF_8).toContentType();

  private final ClusterSharding sharding;
  private final ActorRef<TransparencyLog.Command> log;
  private final LogStore store;
  private final ProofBundle.Keys keys;
  private final CosignatureStore cosignatures;
  private final int witnessQuorum;
  private final Executor blocking;

  /**
   * @param jwks the gateway JWKS and {@code logVerifierKey} the log's verifier key, as the bundle names them
   * @param witnessQuorum {@code fxg.log.witness-quorum}: with more than 0, bundles use the newest
   *     checkpoint covering the first record that holds this many cosignatures ({@code cosignatures})
   */
  public ProofRoutes(ActorSystem<?> system, HttpSettings settings, Authenticator authenticator,
      ActorRef<TransparencyLog.Command> log, LogStore store, ObjectNode jwks, String logVerifierKey,
      CosignatureStore cosignatures, int witnessQuorum, PeerProofs peerProofs) {
    super(system, settings, authenticator);
    this.peerProofs = peerProofs;
    this.sharding = ClusterSharding.get(system);
    this.log = log;
    this.store = store;
    this.keys = new ProofBundle.Keys(jwks, logVerifierKey);
    this.cosignatures = cosignatures;
    this.witnessQuorum = witnessQuorum;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  /**
   * The proof bundle of an execution on a peer gateway (SPEC section 13), as that gateway serves
   * it; empty when it serves none (not proven yet, unreachable, refused).
   */
  @FunctionalInterface
  public interface PeerProofs {
    /**
     * Fails with {@link PeerProofPending} when the peer answers that the child's proof is pending
     * (its {@code 409 proof.pending}): the parent's bundle then waits for it too.
     */
    CompletionStage<Optional<ProofBundle>> fetch(String peer, String executionId);

    PeerProofs NONE = (peer, executionId) -> CompletableFuture.completedFuture(Optional.empty());
  }

  /** The peer has not proven the child yet (it will within its checkpoint interval). */
  public static final class PeerProofPending extends RuntimeException {
    public PeerProofPending(String detail) {
      super(detail, null, false, false);
    }
  }

  private final PeerProofs peerProofs;

  public Route route() {
    return path(segment("v1").slash("executions").slash(PathMatchers.segment()).slash("proof"),
        id -> get(() -> serve(call -> proof(call, id))));
  }

  private CompletionStage<HttpResponse> proof(Call call, String id) {
    return view(id)
        .thenCompose(view -> {
          if (view == null) {
            throw ProblemException.notFound("no execution " + id);
          }
          ReadAccess.check(call, settings, view);
          return bundle(view, 0);
        })
        .handle((bundle, error) -> {
          if (error != null && rootCause(error) instanceof PeerProofPending pending) {
            throw new ProblemException(409, "proof.pending", pending.getMessage() + "; retry shortly");
          }
          if (error != null) {
            throw error instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(error);
          }
          return HttpResponse.create().withStatus(200).withEntity(PROOF_JSON, Json.writeBytes(
              bundle.orElseThrow(() -> new ProblemException(409, "proof.pending", "no lineage record of execution "
                  + id + " is covered by a published checkpoint yet; retry shortly")).toJson()));
        });
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof java.util.concurrent.CompletionException
        || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private EntityRef<Execution.Command> entity(String id) {
    return sharding.entityRefFor(Execution.TYPE_KEY, id);
  }

  /** The view, or null when no such execution exists. */
  private CompletionStage<ExecutionView> view(String id) {
    if (!ExecutionIds.isWellFormed(id)) {
      return CompletableFuture.completedFuture(null);
    }
    return entity(id).<Execution.ViewReply>ask(Execution.GetView::new, settings.askTimeout())
        .thenApply(Execution.ViewReply::view);
  }

  /** The bundle of the covered records, or empty when none is covered yet. */
  private CompletionStage<Optional<ProofBundle>> bundle(ExecutionView view, int depth) {
    String id = view.executionId();
    String persistenceId = PersistenceId.of(Execution.TYPE_KEY.name(), id).id();
    CompletionStage<List<LineageRecord>> lineage = entity(id)
        .<Execution.LineageReply>ask(Execution.GetLineage::new, settings.askTimeout())
        .thenApply(Execution.LineageReply::records);
    CompletionStage<Map<Long, Long>> logged =
        CompletableFuture.supplyAsync(() -> store.indexesOf(persistenceId), blocking);
    return lineage.thenCombine(logged, ProofRoutes::leadingIndexes)
        .thenCompose(this::prove)
        .thenCompose(proofs -> {
          if (proofs.inclusion().isEmpty()) {
            return CompletableFuture.completedFuture(Optional.<ProofBundle>empty());
          }
          return lineage.thenCombine(children(view, depth), (records, children) -> {
            List<LineageRecord> covered = records.subList(0, proofs.inclusion().size());
            boolean authorized = covered.stream().anyMatch(r -> "authorization.issued".equals(r.type()));
            return Optional.of(new ProofBundle(id, authorized ? view.artifact() : null, covered,
                proofs.note(), proofs.inclusion(), keys, children));
          });
        });
  }

  /**
   * Inclusion proofs at the latest checkpoint, or, with a witness quorum, at the newest checkpoint
   * covering the first record that holds the quorum of cosignatures (none proved while there is none).
   */
  private CompletionStage<TransparencyLog.RecordProofs> prove(List<Long> logIndexes) {
    if (witnessQuorum <= 0) {
      return AskPattern.ask(log, r -> new TransparencyLog.ProveRecords(logIndexes, r), settings.askTimeout(),
          system.scheduler());
    }
    if (logIndexes.isEmpty()) {
      return CompletableFuture.completedFuture(new TransparencyLog.RecordProofs(0, null, List.of()));
    }
    return CompletableFuture.supplyAsync(() -> cosignatures.newestWithQuorum(logIndexes.get(0) + 1, witnessQuorum),
            blocking)
        .thenCompose(witnessed -> witnessed.isEmpty()
            ? CompletableFuture.completedFuture(new TransparencyLog.RecordProofs(0, null, List.of()))
            : AskPattern.<TransparencyLog.Command, TransparencyLog.RecordProofs>ask(log,
                r -> new TransparencyLog.ProveRecordsAt(logIndexes, witnessed.get().size(), witnessed.get().note(), r),
                settings.askTimeout(), system.scheduler()));
  }

  /** The log indexes of the chain's leading records that are in the log, in seq order. */
  private static List<Long> leadingIndexes(List<LineageRecord> records, Map<Long, Long> indexBySeq) {
    List<Long> indexes = new ArrayList<>();
    for (LineageRecord record : records) {
      Long index = indexBySeq.get(record.seq());
      if (index == null || indexes.size() == ProofBundle.MAX_RECORDS) {
        break;
      }
      indexes.add(index);
    }
    return indexes;
  }

  /** Local children's bundles, then the child on a peer gateway this execution was forwarded to. */
  private CompletionStage<List<ProofBundle>> children(ExecutionView view, int depth) {
    boolean forwarded = view.peer() != null && "child".equals(view.peer().role()) && view.peer().executionId() != null;
    if (depth >= ProofBundle.MAX_DEPTH || ((view.children() == null || view.children().isEmpty()) && !forwarded)) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<CompletableFuture<Optional<ProofBundle>>> bundles = new ArrayList<>(view.children().stream()
        .limit(ProofBundle.MAX_CHILDREN - 1)
        .map(childId -> view(childId)
            .thenCompose(child -> child == null
                ? CompletableFuture.completedFuture(Optional.<ProofBundle>empty())
                : bundle(child, depth + 1))
            .toCompletableFuture())
        .toList());
    if (forwarded) {
      String peer = view.peer().name();
      bundles.add(peerProofs.fetch(peer, view.peer().executionId())
          .thenApply(child -> child.map(b -> b.fromPeer(peer)))
          .exceptionally(error -> {
            if (rootCause(error) instanceof PeerProofPending pending) {
              throw pending;
            }
            return Optional.empty();
          }).toCompletableFuture());
    }
    return CompletableFuture.allOf(bundles.toArray(CompletableFuture[]::new))
        .thenApply(done -> bundles.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
  }
}
