package io.fxg.httpsig;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.ParseException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The subset of RFC 8941 Structured Field Values that {@code Signature-Input}, {@code Signature}
 * and {@code Content-Digest} need: dictionaries whose members are items or inner lists, with
 * parameters. Bare items are {@link Long} (integer), {@link BigDecimal} (decimal), {@link String}
 * (string), {@link Token}, {@code byte[]} (byte sequence) and {@link Boolean}.
 *
 * <p>Parsing follows RFC 8941 section 4.2 strictly, with one deliberate tightening: a duplicated
 * dictionary key or parameter key is refused rather than silently overwritten, so two parsers can
 * never disagree about which value was signed. Maps preserve the order of the input, which the
 * signature base depends on.
 */
public final class StructuredFields {
  /** Largest number of dictionary members, inner-list items or parameters accepted. */
  public static final int MAX_MEMBERS = 64;

  private static final Pattern KEY = Pattern.compile("[a-z*][a-z0-9_.*-]*");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z*][!#$%&'*+.^_`|~0-9A-Za-z:/-]*");

  private StructuredFields() {}

  /** An RFC 8941 token, kept apart from strings because they serialize differently. */
  public record Token(String value) {
    public Token {
      if (value == null || !TOKEN.matcher(value).matches()) {
        throw new IllegalArgumentException("not an sf-token: " + value);
      }
    }
  }

  /** A dictionary member: an {@link Item} or an {@link InnerList}. */
  public sealed interface Member permits Item, InnerList {
    Map<String, Object> params();
  }

  /** A bare item with its parameters. */
  public record Item(Object value, Map<String, Object> params) implements Member {
    public Item {
      checkBareItem(value);
      params = immutableParams(params);
    }
  }

  /** An inner list of items with the list's own parameters. */
  public record InnerList(List<Item> items, Map<String, Object> params) implements Member {
    public InnerList {
      items = List.copyOf(items);
      params = immutableParams(params);
    }
  }

  /** Parses a dictionary field value; a malformed value fails with the offending offset. */
  public static Map<String, Member> parseDictionary(String fieldValue) throws ParseException {
    return new SfParser(fieldValue).dictionary();
  }

  /** Serializes an inner list with its parameters, e.g. {@code ("@method" "@path");created=1}. */
  public static String serialize(InnerList list) {
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < list.items().size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      appendItem(out, list.items().get(i));
    }
    out.append(')');
    appendParams(out, list.params());
    return out.toString();
  }

  /** Serializes an item with its parameters. */
  public static String serialize(Item item) {
    StringBuilder out = new StringBuilder();
    appendItem(out, item);
    return out.toString();
  }

  /** Serializes a dictionary in its iteration order. */
  public static String serializeDictionary(Map<String, ? extends Member> dictionary) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, ? extends Member> entry : dictionary.entrySet()) {
      if (out.length() > 0) {
        out.append(", ");
      }
      requireKey(entry.getKey());
      out.append(entry.getKey());
      Member member = entry.getValue();
      if (member instanceof InnerList list) {
        out.append('=').append(serialize(list));
      } else if (Boolean.TRUE.equals(((Item) member).value())) {
        appendParams(out, member.params());
      } else {
        out.append('=').append(serialize((Item) member));
      }
    }
    return out.toString();
  }

  /** Serializes one bare item (RFC 8941 section 4.1.3). */
  public static String serializeBareItem(Object value) {
    if (value instanceof Long number) {
      if (Math.abs(number) > 999_999_999_999_999L) {
        throw new IllegalArgumentException("sf-integer out of range: " + number);
      }
      return Long.toString(number);
    }
    if (value instanceof BigDecimal decimal) {
      BigDecimal rounded = decimal.setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
      if (rounded.abs().compareTo(new BigDecimal("999999999999.999")) > 0) {
        throw new IllegalArgumentException("sf-decimal out of range: " + decimal);
      }
      String text =
          rounded.scale() <= 0 ? rounded.setScale(1).toPlainString() : rounded.toPlainString();
      return text;
    }
    if (value instanceof String text) {
      StringBuilder out = new StringBuilder(text.length() + 2).append('"');
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          throw new IllegalArgumentException("sf-string allows printable ASCII only");
        }
        if (c == '"' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      }
      return out.append('"').toString();
    }
    if (value instanceof Token token) {
      return token.value();
    }
    if (value instanceof byte[] bytes) {
      return ":" + Base64.getEncoder().encodeToString(bytes) + ":";
    }
    if (value instanceof Boolean bool) {
      return bool ? "?1" : "?0";
    }
    throw new IllegalArgumentException("not an sf bare item: " + value);
  }

  private static void appendItem(StringBuilder out, Item item) {
    out.append(serializeBareItem(item.value()));
    appendParams(out, item.params());
  }

  private static void appendParams(StringBuilder out, Map<String, Object> params) {
    for (Map.Entry<String, Object> param : params.entrySet()) {
      out.append(';').append(param.getKey());
      if (!Boolean.TRUE.equals(param.getValue())) {
        out.append('=').append(serializeBareItem(param.getValue()));
      }
    }
  }

  private static Map<String, Object> immutableParams(Map<String, Object> params) {
    if (params == null || params.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Object> param : params.entrySet()) {
      requireKey(param.getKey());
      checkBareItem(param.getValue());
      copy.put(param.getKey(), param.getValue());
    }
    return Collections.unmodifiableMap(copy);
  }

  /** Whether the text is a valid RFC 8941 key (dictionary key, parameter name, signature label). */
  public static boolean isKey(String key) {
    return key != null && KEY.matcher(key).matches();
  }

  private static void requireKey(String key) {
    if (!isKey(key)) {
      throw new IllegalArgumentException("not an sf key: " + key);
    }
  }

  private static void checkBareItem(Object value) {
    if (!(value instanceof Long
        || value instanceof BigDecimal
        || value instanceof String
        || value instanceof Token
        || value instanceof byte[]
        || value instanceof Boolean)) {
      throw new IllegalArgumentException("not an sf bare item: " + value);
    }
  }
}
