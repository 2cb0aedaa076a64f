package io.fxg.proof;

import com.fasterxml.jackson.databind.JsonNode;
import io.fxg.lineage.LineageRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The JCS (RFC 8785) bytes of a lineage record, written straight from its fields: the leaf data of
 * the log, made once per record by the log and once per record by the audit, where the general
 * encoder ({@link LineageRecord#canonicalBytes()}: serialize, parse, re-serialize) dominated the
 * cost. Exact for the JSON a record holds: members sorted by UTF-16 code units, strings escaped as
 * RFC 8785 section 3.2.2.2 says, integers of at most 2^53 in magnitude. Anything else (fractions,
 * larger integers, surrogates) falls back to the general encoder, so the result is always that of
 * {@code Jcs.canonicalize(record.toJson())}; tests compare the two.
 */
final class CanonicalRecords {
  private static final long MAX_EXACT_INTEGER = 1L << 53;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] out = new byte[1024];
  private int length;

  private CanonicalRecords() {}

  static byte[] bytes(LineageRecord record) {
    CanonicalRecords writer = new CanonicalRecords();
    return writer.record(record) ? Arrays.copyOf(writer.out, writer.length) : record.canonicalBytes();
  }

  /** Writes the record's members in JCS order; false when the general encoder must be used. */
  private boolean record(LineageRecord record) {
    ascii("{\"at\":");
    boolean exact = string(record.at());
    ascii(",\"data\":");
    exact &= record.data() == null ? nullValue() : value(record.data());
    ascii(",\"executionId\":");
    exact &= string(record.executionId());
    ascii(",\"hash\":");
    exact &= string(record.hash());
    ascii(",\"node\":");
    exact &= string(record.node());
    ascii(",\"phase\":");
    ascii(Integer.toString(record.phase()));
    ascii(",\"prev\":");
    exact &= string(record.prev());
    ascii(",\"seq\":");
    exact &= integer(record.seq());
    ascii(",\"type\":");
    exact &= string(record.type());
    ascii("}");
    return exact;
  }

  private boolean value(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>(node.size());
        node.fieldNames().forEachRemaining(names::add);
        // String order is UTF-16 code unit order, the order RFC 8785 section 3.2.3 asks for.
        Collections.sort(names);
        put((byte) '{');
        boolean exact = true;
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            put((byte) ',');
          }
          exact &= string(names.get(i));
          put((byte) ':');
          exact &= value(node.get(names.get(i)));
        }
        put((byte) '}');
        return exact;
      }
      case ARRAY -> {
        put((byte) '[');
        boolean exact = true;
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            put((byte) ',');
          }
          exact &= value(node.get(i));
        }
        put((byte) ']');
        return exact;
      }
      case STRING -> {
        return string(node.textValue());
      }
      case NUMBER -> {
        return node.canConvertToExactIntegral() && node.canConvertToLong() && integer(node.longValue());
      }
      case BOOLEAN -> {
        ascii(node.booleanValue() ? "true" : "false");
        return true;
      }
      case NULL -> {
        return nullValue();
      }
      default -> {
        return false;
      }
    }
  }

  private boolean integer(long value) {
    if (value > MAX_EXACT_INTEGER || value < -MAX_EXACT_INTEGER) {
      return false;
    }
    ascii(Long.toString(value));
    return true;
  }

  private boolean nullValue() {
    ascii("null");
    return true;
  }

  private boolean string(String text) {
    if (text == null) {
      return nullValue();
    }
    put((byte) '"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        put((byte) c);
      } else if (c == '"' || c == '\\') {
        put((byte) '\\');
        put((byte) c);
      } else if (c < 0x20) {
        escapeControl(c);
      } else if (Character.isSurrogate(c)) {
        return false;
      } else {
        append(String.valueOf(c), StandardCharsets.UTF_8);
      }
    }
    put((byte) '"');
    return true;
  }

  private void escapeControl(char c) {
    put((byte) '\\');
    switch (c) {
      case '\b' -> put((byte) 'b');
      case '\t' -> put((byte) 't');
      case '\n' -> put((byte) 'n');
      case '\f' -> put((byte) 'f');
      case '\r' -> put((byte) 'r');
      default -> {
        ascii("u00");
        put(HEX[c >> 4]);
        put(HEX[c & 0xf]);
      }
    }
  }

  private void ascii(String text) {
    append(text, StandardCharsets.US_ASCII);
  }

  private void append(String text, java.nio.charset.Charset charset) {
    byte[] bytes = text.getBytes(charset);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, out, length, bytes.length);
    length += bytes.length;
  }

  private void put(byte b) {
    ensure(1);
    out[length++] = b;
  }

  private void ensure(int more) {
    if (length + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
    }
  }
}
