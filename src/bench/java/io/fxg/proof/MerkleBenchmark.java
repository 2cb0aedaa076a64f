package io.fxg.proof;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The transparency log's tree (RFC 9162): appending a leaf (throughput = leaves per second; {@code
 * appendRecord} includes hashing a 700-byte record's leaf, {@code appendHash} only the tree work),
 * an inclusion proof at a log of {@code size} leaves, and verifying one.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class MerkleBenchmark {
  @Param({"1048576"})
  public int size;

  private MerkleTree appendTree;
  private MerkleTree tree;
  private byte[] record;
  private byte[] leafHash;
  private byte[] root;
  private long index;
  private List<byte[]> path;
  private byte[] provenLeaf;

  @Setup(Level.Trial)
  public void setUp() {
    record = ("{\"at\":\"2026-11-27T09:00:00.123Z\",\"data\":{\"action\":\"invoice.create\",\"params\":\"sha256:"
        + "ab".repeat(32) + "\",\"resource\":\"invoices/2026-11\"},\"executionId\":\"01jdbench00000000000000000\","
        + "\"hash\":\"" + "cd".repeat(32) + "\",\"node\":\"127.0.0.1:25520\",\"phase\":1,\"prev\":\"" + "0".repeat(64)
        + "\",\"seq\":1,\"type\":\"intent.received\"}").repeat(2).getBytes(StandardCharsets.UTF_8);
    leafHash = MerkleHash.leaf(record);
    tree = MerkleTree.create();
    for (int i = 0; i < size; i++) {
      tree.append(MerkleHash.leaf(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
    }
    root = tree.root();
    index = size / 3 + 7;
    path = tree.inclusionProof(index, size);
    provenLeaf = tree.leafHash(index);
  }

  @Setup(Level.Iteration)
  public void freshAppendTree() {
    appendTree = MerkleTree.create();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public long appendHash() {
    return appendTree.append(leafHash);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public long appendRecord() {
    return appendTree.appendData(record);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<byte[]> inclusionProof() {
    return tree.inclusionProof(index, size);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public boolean verifyInclusion() throws ProofVerificationException {
    MerkleTree.verifyInclusion(index, size, provenLeaf, path, root);
    return true;
  }
}
