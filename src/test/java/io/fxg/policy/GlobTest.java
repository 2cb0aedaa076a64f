package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Glob semantics: '*' is any run (including none), everything else literal. */
class GlobTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
      "*, '', true",
      "*, anything/at.all, true",
      "acme, acme, true",
      "acme, acme2, false",
      "acme, acm, false",
      "partner-*, partner-a, true",
      "partner-*, partner-, true",
      "partner-*, partner, false",
      "partner-*, xpartner-a, false",
      "invoice.*, invoice.create, true",
      "invoice.*, invoiceXcreate, false",
      "invoices/*, invoices/2026-11, true",
      "invoices/*, invoices, false",
      "*-prod, billing-prod, true",
      "*-prod, billing-prod2, false",
      "a*b, ab, true",
      "a*b, axxb, true",
      "a*b, axxbc, false",
      "ab*ab, ab, false",
      "ab*ab, abab, true",
      "ab*ab, abxab, true",
      "*.read*, report.read, true",
      "*.read*, report.readme, true",
      "*.read*, report.write, false",
      "a*b*c, abc, true",
      "a*b*c, acb, false",
      "a*b*c, aXbYbZc, true",
      "*a*, bab, true",
      "*a*, bbb, false",
  })
  void matches_table(String pattern, String subject, boolean expected) {
    assertEquals(expected, Glob.of(pattern).matches(subject));
  }

  @Test
  void matches_randomPatterns_agreeWithRegexReference() {
    Random random = new Random(6962);
    for (int i = 0; i < 20_000; i++) {
      String pattern = randomString(random, "ab*", 1 + random.nextInt(6)).replaceAll("\\*+", "*");
      String subject = randomString(random, "ab", random.nextInt(8));
      Pattern reference = Pattern.compile(
          ("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q"), Pattern.DOTALL);
      assertEquals(reference.matcher(subject).matches(), Glob.of(pattern).matches(subject),
          pattern + " ~ " + subject);
    }
  }

  private static String randomString(Random random, String alphabet, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
