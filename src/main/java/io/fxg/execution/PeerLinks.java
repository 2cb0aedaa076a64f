package io.fxg.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.serialization.CborSerializable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The seam of a cross-gateway link (SPEC section 13): what an execution linked to one on a peer
 * gateway asks the other side while it runs. On the origin the counterpart is the peer's child
 * execution (its view); on the peer it is the origin's artifact (its status). Pushed notices only
 * make the entity ask at once; what it acts on is always what it read from the counterpart.
 */
public interface PeerLinks {
  /** The counterpart's state; never fails (an error is {@link PeerState.Unreachable}). */
  CompletionStage<PeerState> check(ExecutionIntent intent, String counterpartId);

  /** Tells the origin gateway its forwarded execution changed, so it checks now; best effort. */
  void notifyOrigin(ExecutionIntent intent);

  /** How often a linked running execution checks its counterpart. */
  Duration checkInterval();

  /** How long a counterpart may stay unreachable before the execution fails closed. */
  Duration maxSilence();

  /** What the counterpart said. */
  sealed interface PeerState extends CborSerializable {
    /** It is still running (origin side: the child; peer side: the origin's artifact is active). */
    record Live() implements PeerState {}

    /**
     * It ended: on the origin side the child's terminal status ({@code completed|failed|interrupted|denied})
     * with its outcome; on the peer side the origin's artifact status ({@code revoked|expired|finished|unknown}).
     *
     * @param phase the phase of a denial (the child's), else 0
     */
    record Ended(String status, String reason, String detail, JsonNode result, int phase) implements PeerState {}

    /** The peer gateway is no longer registered here (removed): nothing it says counts any more. */
    record Removed(String detail) implements PeerState {}

    /** No usable answer: the peer is down, slow, or answered something unreadable. */
    record Unreachable(String detail) implements PeerState {}
  }

  /** No peers: a link never forms (nothing is ever forwarded on a node without them). */
  PeerLinks NONE = new PeerLinks() {
    @Override
    public CompletionStage<PeerState> check(ExecutionIntent intent, String counterpartId) {
      return CompletableFuture.completedFuture(new PeerState.Unreachable("no peer links are configured on this node"));
    }

    @Override
    public void notifyOrigin(ExecutionIntent intent) {}

    @Override
    public Duration checkInterval() {
      return Duration.ofSeconds(1);
    }

    @Override
    public Duration maxSilence() {
      return Duration.ofSeconds(5);
    }
  };
}
