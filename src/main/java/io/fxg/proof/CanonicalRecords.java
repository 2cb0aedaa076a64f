package io.fxg.proof;

import io.fxg.crypto.JcsWriter;
import io.fxg.lineage.LineageRecord;

/**
 * The JCS (RFC 8785) bytes of a lineage record (with its hash), written straight from its fields
 * with {@link JcsWriter}: the leaf data of the log, made once per record by the log and once per
 * record by the audit, without building the record's JSON tree first. When the writer cannot be
 * exact it falls back to the general encoder, so the result is always that of {@code
 * Jcs.canonicalize(record.toJson())}; tests compare the two.
 */
final class CanonicalRecords {
  private CanonicalRecords() {}

  static byte[] bytes(LineageRecord record) {
    JcsWriter w = new JcsWriter();
    w.ascii("{\"at\":").string(record.at());
    w.ascii(",\"data\":").value(record.data());
    w.ascii(",\"executionId\":").string(record.executionId());
    w.ascii(",\"hash\":").string(record.hash());
    w.ascii(",\"node\":").string(record.node());
    w.ascii(",\"phase\":").integer(record.phase());
    w.ascii(",\"prev\":").string(record.prev());
    w.ascii(",\"seq\":").integer(record.seq());
    w.ascii(",\"type\":").string(record.type());
    w.ascii("}");
    return w.exact() ? w.bytes() : record.canonicalBytes();
  }
}
