package io.fxg.federation;

import io.fxg.http.ProofRoutes;
import io.fxg.proof.ProofBundle;
import io.fxg.proof.ProofVerificationException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Fetches the proof bundle of the child a peer gateway runs ({@code GET
 * {peer}/v1/executions/{id}/proof}, signed {@code gateway/NAME}), so this gateway's bundle of the
 * parent embeds it (SPEC section 13). Nothing is trusted here: {@code fxg verify} checks the child
 * against the peer's keys. A peer that has not proven the child yet ({@code 409}) makes the parent's
 * bundle wait ({@link ProofRoutes.PeerProofPending}); one that serves no readable bundle otherwise
 * (unreachable, refused) yields none, and {@code fxg verify} says the child is not embedded.
 */
public final class PeerProofFetcher implements ProofRoutes.PeerProofs {
  private final PeerClient peers;

  public PeerProofFetcher(PeerClient peers) {
    this.peers = peers;
  }

  @Override
  public CompletionStage<Optional<ProofBundle>> fetch(String peer, String executionId) {
    return peers.get(peer, "/v1/executions/" + executionId + "/proof").thenApply(response -> {
      if (response.status() == 409) {
        throw new ProofRoutes.PeerProofPending("peer gateway " + peer + " has not proven the child execution "
            + executionId + " yet");
      }
      if (response.status() != 200) {
        return Optional.<ProofBundle>empty();
      }
      try {
        return Optional.of(ProofBundle.parse(new String(response.body(), StandardCharsets.UTF_8)));
      } catch (ProofVerificationException e) {
        return Optional.<ProofBundle>empty();
      }
    });
  }
}
