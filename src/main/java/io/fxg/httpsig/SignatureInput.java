package io.fxg.httpsig;

import io.fxg.httpsig.StructuredFields.InnerList;
import io.fxg.httpsig.StructuredFields.Item;
import io.fxg.httpsig.StructuredFields.Member;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One member of a {@code Signature-Input} field: the label, the ordered covered components and the
 * signature parameters in the order they were given (RFC 9421 section 4.1). Component identifiers
 * with parameters ({@code ;sf}, {@code ;key}, {@code ;req}, ...) are not supported and refused.
 */
public record SignatureInput(String label, List<String> components, Map<String, Object> params) {
  /** Longest {@code Signature-Input} or {@code Signature} field value accepted. */
  public static final int MAX_FIELD_LENGTH = 8 * 1024;

  /** Most signatures (labels) one request may carry. */
  public static final int MAX_LABELS = 8;

  /** Most covered components one signature may list. */
  public static final int MAX_COMPONENTS = 32;

  /** Longest string parameter ({@code keyid}, {@code nonce}, {@code alg}, {@code tag}). */
  public static final int MAX_PARAM_LENGTH = 256;

  private static final Pattern COMPONENT = Pattern.compile("@?[a-z0-9!#$%&'*+.^_`|~-]+");
  private static final Set<String> INTEGER_PARAMS = Set.of("created", "expires");
  private static final Set<String> STRING_PARAMS = Set.of("keyid", "nonce", "alg", "tag");

  public SignatureInput {
    components = List.copyOf(components);
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** Parses and checks a whole {@code Signature-Input} field, label by label, in field order. */
  public static Map<String, SignatureInput> parseField(String fieldValue)
      throws HttpSignatureException {
    Map<String, Member> dictionary =
        parseDictionary(fieldValue, "Signature-Input", SignatureFailure.MALFORMED_SIGNATURE_INPUT);
    Map<String, SignatureInput> inputs = new LinkedHashMap<>();
    for (Map.Entry<String, Member> entry : dictionary.entrySet()) {
      inputs.put(entry.getKey(), of(entry.getKey(), entry.getValue()));
    }
    return Collections.unmodifiableMap(inputs);
  }

  /**
   * Parses a dictionary field with the signature field limits, mapping errors to {@code onError}.
   */
  static Map<String, Member> parseDictionary(
      String fieldValue, String fieldName, SignatureFailure onError) throws HttpSignatureException {
    if (fieldValue.length() > MAX_FIELD_LENGTH) {
      throw new HttpSignatureException(
          onError, fieldName + " is longer than " + MAX_FIELD_LENGTH + " characters");
    }
    Map<String, Member> dictionary;
    try {
      dictionary = StructuredFields.parseDictionary(fieldValue);
    } catch (ParseException e) {
      throw new HttpSignatureException(onError, fieldName + ": " + e.getMessage(), e);
    }
    if (dictionary.isEmpty()) {
      throw new HttpSignatureException(onError, fieldName + " has no members");
    }
    if (dictionary.size() > MAX_LABELS) {
      throw new HttpSignatureException(
          onError, fieldName + " has more than " + MAX_LABELS + " signatures");
    }
    return dictionary;
  }

  private static SignatureInput of(String label, Member member) throws HttpSignatureException {
    if (!(member instanceof InnerList list)) {
      throw malformed(label, "is not an inner list");
    }
    if (list.items().size() > MAX_COMPONENTS) {
      throw malformed(label, "covers more than " + MAX_COMPONENTS + " components");
    }
    List<String> components = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Item item : list.items()) {
      if (!(item.value() instanceof String name) || !COMPONENT.matcher(name).matches()) {
        throw malformed(
            label,
            "component "
                + StructuredFields.serialize(item)
                + " is not a lowercase component name string");
      }
      if (!item.params().isEmpty()) {
        throw malformed(
            label, "component parameters are not supported: " + StructuredFields.serialize(item));
      }
      if (name.startsWith("@") && !SignatureBase.DERIVED_COMPONENTS.contains(name)) {
        throw malformed(label, "derived component \"" + name + "\" is not supported");
      }
      if (!seen.add(name)) {
        throw malformed(label, "component \"" + name + "\" is covered twice");
      }
      components.add(name);
    }
    for (Map.Entry<String, Object> param : list.params().entrySet()) {
      String name = param.getKey();
      Object value = param.getValue();
      if (INTEGER_PARAMS.contains(name) && !(value instanceof Long)) {
        throw malformed(label, "parameter " + name + " must be an integer");
      }
      if (STRING_PARAMS.contains(name)) {
        if (!(value instanceof String text)) {
          throw malformed(label, "parameter " + name + " must be a string");
        }
        if (text.isEmpty() || text.length() > MAX_PARAM_LENGTH) {
          throw malformed(
              label, "parameter " + name + " must have 1 to " + MAX_PARAM_LENGTH + " characters");
        }
      }
    }
    return new SignatureInput(label, components, list.params());
  }

  /** The member value as it is sent and as it appears on the {@code @signature-params} line. */
  public String serializeValue() {
    List<Item> items = new ArrayList<>(components.size());
    for (String component : components) {
      items.add(new Item(component, Map.of()));
    }
    return StructuredFields.serialize(new InnerList(items, params));
  }

  /** The whole field member, {@code label=value}. */
  public String serializeMember() {
    return label + "=" + serializeValue();
  }

  public OptionalLong created() {
    return integer("created");
  }

  public OptionalLong expires() {
    return integer("expires");
  }

  public Optional<String> keyId() {
    return string("keyid");
  }

  public Optional<String> nonce() {
    return string("nonce");
  }

  public Optional<String> alg() {
    return string("alg");
  }

  private OptionalLong integer(String name) {
    return params.get(name) instanceof Long value ? OptionalLong.of(value) : OptionalLong.empty();
  }

  private Optional<String> string(String name) {
    return params.get(name) instanceof String value ? Optional.of(value) : Optional.empty();
  }

  private static HttpSignatureException malformed(String label, String detail) {
    return new HttpSignatureException(
        SignatureFailure.MALFORMED_SIGNATURE_INPUT, "Signature-Input " + label + ": " + detail);
  }
}
