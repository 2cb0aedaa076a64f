package io.fxg.proof;

import io.fxg.crypto.Digests;
import io.fxg.crypto.Encoding;
import io.fxg.lineage.LineageRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks a lineage record's stated hash from its full JCS bytes (the leaf data), without
 * canonicalizing the record a second time. The JCS form without {@code hash} is the full form less
 * its top-level member {@code ,"hash":"<hex>"}: members are sorted, so {@code hash} follows
 * {@code at}, {@code data} and {@code executionId} and is never first; it is the last such member in
 * the bytes, because only scalars follow it and a quote inside a JCS string is always escaped.
 * A mismatch is confirmed with {@link LineageRecord#computeHash()}, so this is never stricter.
 */
final class RecordHashes {
  private RecordHashes() {}

  static boolean verify(LineageRecord record, byte[] canonical) {
    if (record.hash() == null) {
      return false;
    }
    byte[] member = (",\"hash\":\"" + record.hash() + "\"").getBytes(StandardCharsets.UTF_8);
    int at = lastIndexOf(canonical, member);
    if (at > 0) {
      MessageDigest digest = Digests.sha256Digest();
      digest.update(canonical, 0, at);
      digest.update(canonical, at + member.length, canonical.length - at - member.length);
      if (Encoding.hex(digest.digest()).equals(record.hash())) {
        return true;
      }
    }
    return record.computeHash().equals(record.hash());
  }

  private static int lastIndexOf(byte[] data, byte[] part) {
    outer:
    for (int i = data.length - part.length; i >= 0; i--) {
      for (int j = 0; j < part.length; j++) {
        if (data[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
