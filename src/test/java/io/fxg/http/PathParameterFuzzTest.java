package io.fxg.http;

import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.testkit.FuzzNode;
import io.fxg.testkit.FuzzVerdicts;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes every path parameter (execution ids, authorization jtis, domain names) on every route
 * that takes one, signed by the caller the route needs: traversal, percent-encoding (valid,
 * invalid, encoded slashes and NULs, overlong UTF-8), overlong segments, control characters and
 * raw non-ASCII bytes on the request line.
 */
class PathParameterFuzzTest {
  static FuzzNode node;
  static String domainDocument;

  @BeforeContainer
  static void start() {
    node = FuzzNode.start();
    domainDocument = FuzzNode.domainDocument(Jwk.generate(null), Jwk.generate(null));
  }

  @AfterContainer
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @AfterProperty
  void report() {
    FuzzVerdicts.report();
  }

  /** A route taking one path parameter: method, the path around {@code {}}, who signs, the body. */
  record Route(String method, String template, String signer, String body) {
    String path(String parameter) {
      return template.replace("{}", parameter);
    }
  }

  static final List<Route> ROUTES = List.of(
      new Route("GET", "/v1/executions/{}", "principal", null),
      new Route("GET", "/v1/executions/{}/lineage", "principal", null),
      new Route("GET", "/v1/executions/{}/proof", "principal", null),
      new Route("POST", "/v1/executions/{}/cancel", "principal", null),
      new Route("POST", "/v1/executions/{}/reports", "environment", BodyFuzzTest.REPORT),
      new Route("GET", "/v1/authorizations/{}/status", "principal", null),
      new Route("GET", "/v1/admin/domains/{}", "admin", null),
      new Route("GET", "/v1/admin/domains/{}/lineage", "admin", null),
      new Route("PUT", "/v1/admin/domains/{}", "admin", "document"),
      new Route("POST", "/v1/admin/domains/{}/suspend", "admin", BodyFuzzTest.REASON),
      new Route("POST", "/v1/admin/domains/{}/resume", "admin", null));

  @Provide
  Arbitrary<Route> routes() {
    return Arbitraries.of(ROUTES);
  }

  /** One path segment as it goes on the request line (possibly raw, possibly several segments). */
  @Provide
  Arbitrary<String> segments() {
    Arbitrary<String> piece = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of("..", ".", "%2e%2e", "%2E%2E%2F", "..%2f..%2fetc%2fpasswd", "..;", "..\\", "%5c..",
            "../admin", "/", "//", "%2F", "%00", "%0a", "%0d%0a", "%ff%fe", "%c0%ae%c0%ae", "%e2%80%ae", "%", "%z1",
            "%2", "%%", "?", "#", ";x=1", "*", "~", "admin", FuzzNode.DOMAIN, FuzzNode.ADMIN_DOMAIN, "FUZZ",
            "01m92jpgc9nmtsxky28d1x09z1", "0", "-x", "x-", "a.b", "a..b", " ", "%20", "+")),
        Tuple.of(2, Arbitraries.integers().between(0, 255).map(b -> String.format("%%%02x", b))),
        Tuple.of(2, Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '.', '_').ofMinLength(1).ofMaxLength(70)),
        Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars('\u007f', ' ', '"', '<', '>', '\\',
            '^', '`', '{', '|', '}').ofMinLength(1).ofMaxLength(3)),
        Tuple.of(1, Arbitraries.strings().withCharRange('\u00a0', '\u024f').withChars('\u2028', '\ufeff', '\ud83d')
            .ofMinLength(1).ofMaxLength(5)),
        Tuple.of(1, Arbitraries.integers().between(64, 20_000).map("a"::repeat)));
    return piece.list().ofMinSize(1).ofMaxSize(4).map(pieces -> String.join("", pieces));
  }

  @Property
  void pathParameter_anySegment_isAnsweredOrAProblem(@ForAll("routes") Route route, @ForAll("segments") String segment) {
    String path = route.path(segment);
    String body = "document".equals(route.body()) ? domainDocument : route.body();
    String request = route.method() + " " + printable(path) + (body == null ? "" : " with a valid body");
    FuzzVerdicts.check("path-parameter", request,
        () -> node.rows("Domain|%") + node.entities("Execution|%") + node.rows("Execution|" + node.finishedExecution),
        () -> node.send(route.method(), path, signer(route), body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
  }

  private static Signer signer(Route route) {
    return switch (route.signer()) {
      case "admin" -> node.admin;
      case "environment" -> node.environment;
      default -> node.principal;
    };
  }

  private static String printable(String path) {
    StringBuilder text = new StringBuilder();
    path.codePoints().limit(300).forEach(c -> text.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", c) : Character.toString(c)));
    return text + (path.length() > 300 ? "...(" + path.length() + " chars)" : "");
  }
}
