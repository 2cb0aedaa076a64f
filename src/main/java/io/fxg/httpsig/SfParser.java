package io.fxg.httpsig;

import io.fxg.httpsig.StructuredFields.InnerList;
import io.fxg.httpsig.StructuredFields.Item;
import io.fxg.httpsig.StructuredFields.Member;
import io.fxg.httpsig.StructuredFields.Token;
import java.math.BigDecimal;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 8941 section 4.2 parsing, one field value at a time; errors carry the offset. */
final class SfParser {
  private static final String LC_ALPHA = "abcdefghijklmnopqrstuvwxyz";
  private static final String ALPHA = LC_ALPHA + LC_ALPHA.toUpperCase(java.util.Locale.ROOT);
  private static final String DIGIT = "0123456789";
  private static final String KEY_CHARS = LC_ALPHA + DIGIT + "_-.*";
  private static final String TOKEN_CHARS = ALPHA + DIGIT + "!#$%&'*+-.^_`|~:/";
  private static final String BASE64_CHARS = ALPHA + DIGIT + "+/=";

  private final String input;
  private int pos;

  SfParser(String input) {
    this.input = input == null ? "" : input;
  }

  Map<String, Member> dictionary() throws ParseException {
    Map<String, Member> members = new LinkedHashMap<>();
    skip(" ");
    while (!atEnd()) {
      int keyAt = pos;
      String key = key();
      Member member;
      if (peek() == '=') {
        pos++;
        member = peek() == '(' ? innerList() : item();
      } else {
        member = new Item(Boolean.TRUE, parameters());
      }
      putOnce(members, key, member, "dictionary key", keyAt);
      skip(" \t");
      if (atEnd()) {
        break;
      }
      expect(',');
      skip(" \t");
      if (atEnd()) {
        throw error("trailing comma", pos);
      }
    }
    return Collections.unmodifiableMap(members);
  }

  private InnerList innerList() throws ParseException {
    expect('(');
    List<Item> items = new ArrayList<>();
    while (true) {
      skip(" ");
      if (peek() == ')') {
        pos++;
        return new InnerList(items, parameters());
      }
      if (items.size() == StructuredFields.MAX_MEMBERS) {
        throw error("more than " + StructuredFields.MAX_MEMBERS + " inner-list items", pos);
      }
      items.add(item());
      if (peek() != ' ' && peek() != ')') {
        throw error(atEnd() ? "unterminated inner list" : "expected ' ' or ')'", pos);
      }
    }
  }

  private Item item() throws ParseException {
    Object value = bareItem();
    return new Item(value, parameters());
  }

  private Map<String, Object> parameters() throws ParseException {
    Map<String, Object> params = new LinkedHashMap<>();
    while (peek() == ';') {
      pos++;
      skip(" ");
      int keyAt = pos;
      String key = key();
      Object value = Boolean.TRUE;
      if (peek() == '=') {
        pos++;
        value = bareItem();
      }
      putOnce(params, key, value, "parameter", keyAt);
    }
    return params;
  }

  /** Deliberately stricter than RFC 8941, which lets a repeated key overwrite the first. */
  private <V> void putOnce(Map<String, V> map, String key, V value, String what, int keyAt)
      throws ParseException {
    if (map.containsKey(key)) {
      throw error("duplicate " + what + " \"" + key + "\"", keyAt);
    }
    if (map.size() == StructuredFields.MAX_MEMBERS) {
      throw error("more than " + StructuredFields.MAX_MEMBERS + " " + what + "s", keyAt);
    }
    map.put(key, value);
  }

  private String key() throws ParseException {
    if (!isIn(LC_ALPHA + "*", peek())) {
      throw error(atEnd() ? "expected a key" : "a key starts with a-z or '*'", pos);
    }
    return consume(KEY_CHARS);
  }

  private Object bareItem() throws ParseException {
    char c = peek();
    if (c == '-' || isIn(DIGIT, c)) {
      return number();
    } else if (c == '"') {
      return string();
    } else if (c == ':') {
      return byteSequence();
    } else if (c == '?') {
      return bool();
    } else if (isIn(ALPHA + "*", c)) {
      return new Token(consume(TOKEN_CHARS));
    }
    throw error(atEnd() ? "expected an item" : "unexpected character '" + c + "'", pos);
  }

  /** RFC 8941 section 4.2.4: at most 15 integer digits, or 12 + '.' + 3 for a decimal. */
  private Object number() throws ParseException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (!isIn(DIGIT, peek())) {
      throw error("expected a digit", pos);
    }
    int digitsStart = pos;
    int dot = -1;
    for (char c = peek(); isIn(DIGIT, c) || (c == '.' && dot < 0); c = peek()) {
      if (c == '.') {
        if (pos - digitsStart > 12) {
          throw error("sf-decimal has more than 12 integer digits", start);
        }
        dot = pos;
      }
      pos++;
      if (pos - digitsStart > (dot < 0 ? 15 : 16)) {
        throw error(
            dot < 0 ? "sf-integer has more than 15 digits" : "sf-decimal is too long", start);
      }
    }
    String text = input.substring(start, pos);
    if (dot < 0) {
      return Long.parseLong(text);
    }
    if (dot == pos - 1 || pos - dot - 1 > 3) {
      throw error("sf-decimal needs 1 to 3 fraction digits", start);
    }
    return new BigDecimal(text);
  }

  private String string() throws ParseException {
    int start = pos++;
    StringBuilder out = new StringBuilder();
    while (!atEnd()) {
      char c = input.charAt(pos++);
      if (c == '\\') {
        if (peek() != '"' && peek() != '\\') {
          throw error("invalid escape in sf-string", pos);
        }
        out.append(input.charAt(pos++));
      } else if (c == '"') {
        return out.toString();
      } else if (c < 0x20 || c > 0x7e) {
        throw error("sf-string allows printable ASCII only", pos - 1);
      } else {
        out.append(c);
      }
    }
    throw error("unterminated sf-string", start);
  }

  private byte[] byteSequence() throws ParseException {
    int start = pos++;
    String b64 = consume(BASE64_CHARS);
    if (atEnd()) {
      throw error("unterminated sf-binary", start);
    }
    if (peek() != ':') {
      throw error("invalid base64 character in sf-binary", pos);
    }
    pos++;
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw error("invalid base64 in sf-binary", start);
    }
  }

  private Boolean bool() throws ParseException {
    pos++;
    char c = peek();
    if (c != '0' && c != '1') {
      throw error("sf-boolean must be ?0 or ?1", pos);
    }
    pos++;
    return c == '1';
  }

  private void expect(char c) throws ParseException {
    if (peek() != c) {
      throw error(atEnd() ? "expected '" + c + "' before the end" : "expected '" + c + "'", pos);
    }
    pos++;
  }

  private String consume(String allowed) {
    int start = pos;
    while (!atEnd() && isIn(allowed, input.charAt(pos))) {
      pos++;
    }
    return input.substring(start, pos);
  }

  private void skip(String whitespace) {
    consume(whitespace);
  }

  private boolean atEnd() {
    return pos >= input.length();
  }

  private char peek() {
    return atEnd() ? '\0' : input.charAt(pos);
  }

  private static boolean isIn(String chars, char c) {
    return c != '\0' && chars.indexOf(c) >= 0;
  }

  private ParseException error(String message, int offset) {
    return new ParseException(message + " at offset " + offset, offset);
  }
}
