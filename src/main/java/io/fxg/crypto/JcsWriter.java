package io.fxg.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Writes RFC 8785 (JCS) bytes straight from a Jackson tree or from fields, without the general
 * encoder's serialize-parse-reserialize round trip: members sorted by UTF-16 code units (section
 * 3.2.3), strings escaped as section 3.2.2.2 says, numbers in ECMAScript form (section 3.2.2.3;
 * integers of at most 2^53 in magnitude as digits, others through the reference
 * {@code NumberToJSON}). A lone surrogate makes the result inexact ({@link #exact()} false), and
 * callers then use the general encoder, so {@link Jcs} always answers what RFC 8785 answers.
 */
public final class JcsWriter {
  private static final long MAX_EXACT_INTEGER = 1L << 53;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] out = new byte[512];
  private int length;
  private boolean exact = true;

  /** The JCS bytes of {@code node}, or null when only the general encoder is exact for it. */
  static byte[] of(JsonNode node) {
    JcsWriter writer = new JcsWriter();
    writer.value(node);
    return writer.exact() ? writer.bytes() : null;
  }

  /** False once something was written that only the general encoder gets exactly right. */
  public boolean exact() {
    return exact;
  }

  public byte[] bytes() {
    return Arrays.copyOf(out, length);
  }

  /** Raw ASCII, for the punctuation and member names of a caller writing a known object shape. */
  public JcsWriter ascii(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, out, length, bytes.length);
    length += bytes.length;
    return this;
  }

  public JcsWriter value(JsonNode node) {
    if (node == null) {
      return ascii("null");
    }
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>(node.size());
        node.fieldNames().forEachRemaining(names::add);
        Collections.sort(names);
        put((byte) '{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            put((byte) ',');
          }
          string(names.get(i));
          put((byte) ':');
          value(node.get(names.get(i)));
        }
        put((byte) '}');
      }
      case ARRAY -> {
        put((byte) '[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            put((byte) ',');
          }
          value(node.get(i));
        }
        put((byte) ']');
      }
      case STRING -> string(node.textValue());
      case BINARY -> string(node.asText());
      case NUMBER -> number(node);
      case BOOLEAN -> ascii(node.booleanValue() ? "true" : "false");
      case NULL, MISSING -> ascii("null");
      default -> exact = false;
    }
    return this;
  }

  private void number(JsonNode node) {
    if (node.numberType() == com.fasterxml.jackson.core.JsonParser.NumberType.FLOAT) {
      // A float's text (0.1) is not its widened double (0.10000000149011612): the general encoder
      // reads the text, so leave floats to it.
      exact = false;
      return;
    }
    if (node.canConvertToExactIntegral() && node.canConvertToLong()
        && Math.abs(node.longValue()) <= MAX_EXACT_INTEGER && node.longValue() != Long.MIN_VALUE) {
      ascii(Long.toString(node.longValue()));
      return;
    }
    try {
      // As the general encoder does: the value as an IEEE 754 double, in ECMAScript's form.
      ascii(org.erdtman.jcs.NumberToJSON.serializeNumber(node.doubleValue()));
    } catch (IOException e) {
      exact = false;
    }
  }

  public JcsWriter integer(long value) {
    if (Math.abs(value) <= MAX_EXACT_INTEGER && value != Long.MIN_VALUE) {
      ascii(Long.toString(value));
    } else {
      exact = false;
    }
    return this;
  }

  public JcsWriter string(String text) {
    if (text == null) {
      return ascii("null");
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
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        utf8(text.codePointAt(i));
        i++;
      } else if (Character.isSurrogate(c)) {
        exact = false;
      } else {
        utf8(c);
      }
    }
    put((byte) '"');
    return this;
  }

  private void utf8(int codePoint) {
    ensure(4);
    if (codePoint < 0x80) {
      out[length++] = (byte) codePoint;
    } else if (codePoint < 0x800) {
      out[length++] = (byte) (0xc0 | (codePoint >> 6));
      out[length++] = (byte) (0x80 | (codePoint & 0x3f));
    } else if (codePoint < 0x10000) {
      out[length++] = (byte) (0xe0 | (codePoint >> 12));
      out[length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3f));
      out[length++] = (byte) (0x80 | (codePoint & 0x3f));
    } else {
      out[length++] = (byte) (0xf0 | (codePoint >> 18));
      out[length++] = (byte) (0x80 | ((codePoint >> 12) & 0x3f));
      out[length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3f));
      out[length++] = (byte) (0x80 | (codePoint & 0x3f));
    }
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
