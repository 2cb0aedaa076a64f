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
  private final String input;
  private int pos;

  SfParser(String input) {
    this.input = input == null ? "" : input;
  }

  Map<String, Member> dictionary() throws ParseException {
    Map<String, Member> members = new LinkedHashMap<>();
    skipSpaces();
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
      if (members.containsKey(key)) {
        throw error("duplicate dictionary key \"" + key + "\"", keyAt);
      }
      if (members.size() == StructuredFields.MAX_MEMBERS) {
        throw error("more than " + StructuredFields.MAX_MEMBERS + " dictionary members", keyAt);
      }
      members.put(key, member);
      skipOws();
      if (atEnd()) {
        break;
      }
      expect(',');
      skipOws();
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
      skipSpaces();
      if (peek() == ')') {
        pos++;
        return new InnerList(items, parameters());
      }
      if (items.size() == StructuredFields.MAX_MEMBERS) {
        throw error("more than " + StructuredFields.MAX_MEMBERS + " inner-list items", pos);
      }
      items.add(item());
      char next = peek();
      if (next != ' ' && next != ')') {
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
      skipSpaces();
      int keyAt = pos;
      String key = key();
      Object value = Boolean.TRUE;
      if (peek() == '=') {
        pos++;
        value = bareItem();
      }
      if (params.containsKey(key)) {
        throw error("duplicate parameter \"" + key + "\"", keyAt);
      }
      if (params.size() == StructuredFields.MAX_MEMBERS) {
        throw error("more than " + StructuredFields.MAX_MEMBERS + " parameters", keyAt);
      }
      params.put(key, value);
    }
    return params;
  }

  private String key() throws ParseException {
    int start = pos;
    char first = peek();
    if (!(isLcAlpha(first) || first == '*')) {
      throw error(atEnd() ? "expected a key" : "a key starts with a-z or '*'", pos);
    }
    while (!atEnd()) {
      char c = input.charAt(pos);
      if (!(isLcAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*')) {
        break;
      }
      pos++;
    }
    return input.substring(start, pos);
  }

  private Object bareItem() throws ParseException {
    char c = peek();
    if (c == '-' || isDigit(c)) {
      return number();
    }
    if (c == '"') {
      return string();
    }
    if (c == ':') {
      return byteSequence();
    }
    if (c == '?') {
      return bool();
    }
    if (isAlpha(c) || c == '*') {
      return token();
    }
    throw error(atEnd() ? "expected an item" : "unexpected character '" + c + "'", pos);
  }

  /** RFC 8941 section 4.2.4: at most 15 integer digits, or 12 + '.' + 3 for a decimal. */
  private Object number() throws ParseException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (!isDigit(peek())) {
      throw error("expected a digit", pos);
    }
    int digitsStart = pos;
    int dot = -1;
    for (char c = peek(); isDigit(c) || (c == '.' && dot < 0); c = peek()) {
      if (c == '.') {
        if (pos - digitsStart > 12) {
          throw error("sf-decimal has more than 12 integer digits", start);
        }
        dot = pos;
      }
      pos++;
      if (pos - digitsStart > (dot < 0 ? 15 : 16)) {
        throw error(dot < 0 ? "sf-integer has more than 15 digits" : "sf-decimal is too long", start);
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
    int start = pos;
    pos++;
    StringBuilder out = new StringBuilder();
    while (!atEnd()) {
      char c = input.charAt(pos++);
      if (c == '\\') {
        char escaped = peek();
        if (escaped != '"' && escaped != '\\') {
          throw error("invalid escape in sf-string", pos);
        }
        out.append(escaped);
        pos++;
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

  private Token token() {
    int start = pos;
    while (!atEnd()) {
      char c = input.charAt(pos);
      if (!(isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0)) {
        break;
      }
      pos++;
    }
    return new Token(input.substring(start, pos));
  }

  private byte[] byteSequence() throws ParseException {
    int start = pos;
    pos++;
    int end = input.indexOf(':', pos);
    if (end < 0) {
      throw error("unterminated sf-binary", start);
    }
    String b64 = input.substring(pos, end);
    for (int i = 0; i < b64.length(); i++) {
      char c = b64.charAt(i);
      if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
        throw error("invalid base64 character in sf-binary", pos + i);
      }
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(b64);
      pos = end + 1;
      return bytes;
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

  private void skipSpaces() {
    while (!atEnd() && input.charAt(pos) == ' ') {
      pos++;
    }
  }

  private void skipOws() {
    while (!atEnd() && (input.charAt(pos) == ' ' || input.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= input.length();
  }

  private char peek() {
    return atEnd() ? '\0' : input.charAt(pos);
  }

  private ParseException error(String message, int offset) {
    return new ParseException(message + " at offset " + offset, offset);
  }

  private static boolean isLcAlpha(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isAlpha(char c) {
    return isLcAlpha(c) || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
