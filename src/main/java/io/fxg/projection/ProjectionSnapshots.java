package io.fxg.projection;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes projection state as CBOR (Jackson, the records' own fields) behind its SHA-256, and
 * decodes a stored snapshot, refusing what it cannot trust: an unknown format version, bytes that
 * do not match their digest (a changed byte would otherwise often still decode) or do not decode
 * mean a full read of the journal, logged, never a half-restored state.
 */
public final class ProjectionSnapshots {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionSnapshots.class);
  private static final ObjectMapper CBOR = CBORMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private static final int DIGEST_LENGTH = 32;

  private ProjectionSnapshots() {}

  /** A decoded snapshot: the state after the journal's records up to {@code ordering}. */
  public record Restored<T>(long ordering, T state) {}

  /** The stored bytes: the SHA-256 of the CBOR, then the CBOR. */
  public static byte[] encode(Object state) {
    byte[] cbor;
    try {
      cbor = CBOR.writeValueAsBytes(state);
    } catch (IOException e) {
      throw new IllegalStateException("projection state not encodable: " + e.getMessage(), e);
    }
    byte[] stored = new byte[DIGEST_LENGTH + cbor.length];
    System.arraycopy(sha256(cbor, 0, cbor.length), 0, stored, 0, DIGEST_LENGTH);
    System.arraycopy(cbor, 0, stored, DIGEST_LENGTH, cbor.length);
    return stored;
  }

  private static <T> T decode(byte[] stored, Class<T> type) throws IOException {
    if (stored.length <= DIGEST_LENGTH) {
      throw new IOException("only " + stored.length + " bytes");
    }
    byte[] digest = sha256(stored, DIGEST_LENGTH, stored.length - DIGEST_LENGTH);
    if (!MessageDigest.isEqual(digest, Arrays.copyOf(stored, DIGEST_LENGTH))) {
      throw new IOException("the state does not match its SHA-256");
    }
    return CBOR.readValue(stored, DIGEST_LENGTH, stored.length - DIGEST_LENGTH, type);
  }

  private static byte[] sha256(byte[] bytes, int offset, int length) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(bytes, offset, length);
      return sha256.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * The stored snapshot of {@code name} decoded, or empty (start from the journal's beginning)
   * when there is none, the store cannot be read, its version is not {@code version} or it does
   * not decode.
   */
  public static <T> Optional<Restored<T>> load(ProjectionStore store, String name, int version, Class<T> type) {
    Optional<ProjectionStore.Stored> stored;
    try {
      stored = store.load(name);
    } catch (RuntimeException e) {
      LOG.warn("projection {}: the stored snapshot could not be read ({}); reading the whole journal", name,
          e.getMessage());
      return Optional.empty();
    }
    if (stored.isEmpty()) {
      LOG.info("projection {}: no stored snapshot; reading the whole journal", name);
      return Optional.empty();
    }
    ProjectionStore.Stored s = stored.get();
    if (s.version() != version) {
      LOG.warn("projection {}: stored snapshot has version {}, this node reads version {}; reading the whole journal",
          name, s.version(), version);
      return Optional.empty();
    }
    try {
      T state = decode(s.state(), type);
      if (state == null || s.ordering() < 0) {
        throw new IOException("empty state or negative ordering " + s.ordering());
      }
      return Optional.of(new Restored<>(s.ordering(), state));
    } catch (IOException | RuntimeException e) {
      LOG.warn("projection {}: the stored snapshot at ordering {} does not decode ({}); reading the whole journal",
          name, s.ordering(), e.getMessage());
      return Optional.empty();
    }
  }
}
