package io.fxg.authorization;

import io.fxg.crypto.Ed25519PublicKey;
import io.fxg.execution.Authorization.AuthorizationRefused;
import io.fxg.execution.Caller;
import io.fxg.execution.ExecutionIntent;
import io.fxg.policy.Obligations;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where an execution sits in a delegation chain (SPEC section 7), and the checks that admit a
 * child. A root execution has no parent, depth 0 and an empty chain. A child is admitted only if
 * its parent artifact verifies against the gateway's keys ({@value #BAD_PARENT}), the request was
 * signed by the parent's {@code aud} environment ({@value #WRONG_SIGNER}), the parent has not
 * expired and its execution is live ({@value #PARENT_NOT_LIVE}), the depth stays within the
 * parent's {@code maxDelegationDepth} ({@value #TOO_DEEP}; the child's own policy decision checks
 * its permit's bound too) and the child does not ask to run past the parent's {@code exp}
 * ({@value #OUTLIVES_PARENT}).
 *
 * @param parent the verified parent artifact, null for a root execution
 * @param depth 0 for a root, parent depth + 1 for a child
 * @param chain the {@code chain} claim: ancestors' jtis, root first, ending with the parent
 */
public record Delegation(ParentArtifact parent, int depth, List<String> chain) {
  public static final String BAD_PARENT = "delegation.bad-parent";
  public static final String WRONG_SIGNER = "delegation.wrong-signer";
  public static final String PARENT_NOT_LIVE = "delegation.parent-not-live";
  public static final String TOO_DEEP = "delegation.too-deep";
  public static final String OUTLIVES_PARENT = "delegation.outlives-parent";
  /** A peer-forwarded execution that is not the one its origin artifact authorized. */
  public static final String PEER_MISMATCH = "delegation.peer-mismatch";

  public static final Delegation ROOT = new Delegation(null, 0, List.of());

  /** The parent's execution id, or null for a root execution. */
  public String parentJti() {
    return parent == null ? null : parent.jti();
  }

  /**
   * Every check that needs no round trip: signature, signer, expiry and depth. Phase 2 also asks
   * whether the parent is live ({@link #requireLive}); phase 3 checks the requested lifetime
   * ({@link #requireWithinParent}).
   */
  public static Delegation of(ExecutionIntent intent, Map<String, Ed25519PublicKey> gatewayKeys,
      Instant now) throws AuthorizationRefused {
    if (intent.parentArtifact() == null) {
      return ROOT;
    }
    ParentArtifact parent = ParentArtifact.verify(intent.parentArtifact(), gatewayKeys);
    if (intent.forwardedFrom() != null) {
      return forwarded(intent, parent, now);
    }
    String signer = intent.caller().keyId();
    if (!Caller.ENVIRONMENT.equals(intent.caller().kind()) || !signer.equals(parent.aud())) {
      throw new AuthorizationRefused(WRONG_SIGNER, "the child request was signed by " + signer
          + ", but only the parent's target environment " + parent.aud()
          + " may delegate under parent " + parent.jti());
    }
    long nowSeconds = now.getEpochSecond();
    if (parent.exp() <= nowSeconds) {
      throw new AuthorizationRefused(PARENT_NOT_LIVE, "the parent artifact " + parent.jti()
          + " expired at " + Instant.ofEpochSecond(parent.exp()));
    }
    int depth = parent.depth() + 1;
    int bound = Math.min(parent.maxDelegationDepth(), Obligations.MAX_DELEGATION_DEPTH);
    if (depth > bound) {
      throw new AuthorizationRefused(TOO_DEEP, "a child of " + parent.jti() + " would be at depth "
          + depth + ", beyond the parent's maxDelegationDepth " + bound);
    }
    return new Delegation(parent, depth, parent.childChain());
  }

  /**
   * An execution a peer gateway forwarded (SPEC section 13): its parent is the origin's artifact
   * for this very request, so it must name this target ({@code aud}), this caller ({@code sub}),
   * this action, resource and parameters digest, and be unexpired. The hand-off is not a
   * delegation step: the depth stays the parent's, the chain gains the parent.
   */
  private static Delegation forwarded(ExecutionIntent intent, ParentArtifact parent, Instant now)
      throws AuthorizationRefused {
    String params = io.fxg.crypto.Digests.digestOfJson(intent.parameters() == null
        ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : intent.parameters());
    String mismatch = !intent.target().id().equals(parent.aud()) ? "aud " + parent.aud() + " is not " + intent.target().id()
        : !intent.caller().keyId().equals(parent.sub()) ? "sub " + parent.sub() + " is not " + intent.caller().keyId()
        : !intent.action().equals(parent.act()) ? "act " + parent.act() + " is not " + intent.action()
        : !intent.resource().equals(parent.res()) ? "res " + parent.res() + " is not " + intent.resource()
        : !params.equals(parent.params()) ? "params " + parent.params() + " is not " + params
        : null;
    if (mismatch != null) {
      throw new AuthorizationRefused(PEER_MISMATCH, "the execution forwarded by peer " + intent.forwardedFrom()
          + " is not the one its origin artifact " + parent.jti() + " authorized: " + mismatch);
    }
    if (parent.exp() <= now.getEpochSecond()) {
      throw new AuthorizationRefused(PARENT_NOT_LIVE, "the origin artifact " + parent.jti()
          + " expired at " + Instant.ofEpochSecond(parent.exp()));
    }
    return new Delegation(parent, parent.depth(), parent.childChain());
  }

  /**
   * Refuses a child whose requested {@code maxDurationSeconds}, counted from now, ends after the
   * parent's {@code exp}. (The artifact's own {@code exp} is in addition capped at the parent's.)
   */
  public void requireWithinParent(ExecutionIntent intent, Instant now) throws AuthorizationRefused {
    if (parent == null) {
      return;
    }
    long nowSeconds = now.getEpochSecond();
    long childEnd = nowSeconds + intent.maxDurationSeconds();
    if (childEnd > parent.exp()) {
      throw new AuthorizationRefused(OUTLIVES_PARENT, "the child asks for "
          + intent.maxDurationSeconds() + " s (until " + Instant.ofEpochSecond(childEnd)
          + ") but its parent " + parent.jti() + " expires at " + Instant.ofEpochSecond(parent.exp())
          + "; ask for at most " + (parent.exp() - nowSeconds) + " s");
    }
  }

  /**
   * Refuses unless the parent's artifact status (from its execution entity) is {@code active}.
   */
  public void requireLive(String parentStatus) throws AuthorizationRefused {
    if (parent != null && !"active".equals(parentStatus)) {
      throw new AuthorizationRefused(PARENT_NOT_LIVE, "the parent execution " + parent.jti()
          + " is " + parentStatus + ", not active: only a live parent may delegate");
    }
  }
}
