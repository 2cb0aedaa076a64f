package io.fxg.proof;

import io.fxg.proof.ProofBundle.Inclusion;
import io.fxg.proof.TransparencyLog.GetHashTile;
import io.fxg.proof.TransparencyLog.Proof;
import io.fxg.proof.TransparencyLog.ProveConsistency;
import io.fxg.proof.TransparencyLog.ProveInclusion;
import io.fxg.proof.TransparencyLog.ProveRecords;
import io.fxg.proof.TransparencyLog.RecordProofs;
import io.fxg.proof.TransparencyLog.Tile;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link TransparencyLog}'s answers to reads: hash tiles and proofs from its tree, only ever
 * at or below the published checkpoint's size, with the refused parameter named otherwise.
 */
final class LogProofs {
  private LogProofs() {}

  static Tile hashTile(TiledMerkleTree tree, long publishedSize, GetHashTile request) {
    TilePath tile = TilePath.hashes(request.level(), request.index(), request.width());
    return new Tile(tile.coveredBy(publishedSize) ? Tiles.hashTile(tree, tile) : null);
  }

  static Proof inclusion(TiledMerkleTree tree, long publishedSize, ProveInclusion request) {
    if (request.size() < 1 || request.size() > publishedSize) {
      return Proof.refused("size", "must be 1.." + publishedSize + ", the latest checkpoint's size");
    } else if (request.index() < 0 || request.index() >= request.size()) {
      return Proof.refused("index", "must be 0.." + (request.size() - 1) + " for size " + request.size());
    }
    return Proof.of(tree.inclusionProof(request.index(), request.size()));
  }

  static Proof consistency(TiledMerkleTree tree, long publishedSize, ProveConsistency request) {
    if (request.to() < 1 || request.to() > publishedSize) {
      return Proof.refused("to", "must be 1.." + publishedSize + ", the latest checkpoint's size");
    } else if (request.from() < 1 || request.from() > request.to()) {
      return Proof.refused("from", "must be 1.." + request.to());
    }
    return Proof.of(tree.consistencyProof(request.from(), request.to()));
  }

  /** Inclusion proofs for the leading requested indexes that the published checkpoint covers. */
  static RecordProofs records(TiledMerkleTree tree, long publishedSize, String publishedNote, ProveRecords request) {
    List<Inclusion> inclusion = new ArrayList<>();
    for (long index : request.indexes()) {
      if (index < 0 || index >= publishedSize || inclusion.size() == ProofBundle.MAX_RECORDS) {
        break;
      }
      inclusion.add(Inclusion.of(index, tree.inclusionProof(index, publishedSize)));
    }
    return new RecordProofs(publishedSize, publishedNote, inclusion);
  }
}
