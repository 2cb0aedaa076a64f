package io.fxg.http;

import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.testkit.FuzzNode;
import io.fxg.testkit.FuzzVerdicts;
import io.fxg.testkit.Gen;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes every path parameter (execution ids, authorization jtis, domain names) on every route
 * that takes one, signed by the caller the route needs: traversal, percent-encoding (valid,
 * invalid, encoded slashes and NULs, overlong UTF-8), overlong segments, control characters and
 * raw non-ASCII bytes on the request line.
 */
class PathParameterFuzzTest {
  @RegisterExtension
  static final FuzzNode node = FuzzNode.create();
  static final String domainDocument = FuzzNode.domainDocument(Jwk.generate(null), Jwk.generate(null));

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
      new Route("POST", "/v1/admin/domains/{}/resume", "admin", null),
      new Route("GET", "/v1/admin/peers/{}", "admin", null),
      new Route("GET", "/v1/admin/peers/{}/lineage", "admin", null),
      new Route("DELETE", "/v1/admin/peers/{}", "admin", BodyFuzzTest.REASON));

  Gen<Route> routes() {
    return Gen.elements(ROUTES);
  }

  /** One path segment as it goes on the request line (possibly raw, possibly several segments). */
  Gen<String> segments() {
    Gen<String> piece = Gen.frequency(
        Gen.weight(3, Gen.of("..", ".", "%2e%2e", "%2E%2E%2F", "..%2f..%2fetc%2fpasswd", "..;", "..\\", "%5c..",
            "../admin", "/", "//", "%2F", "%00", "%0a", "%0d%0a", "%ff%fe", "%c0%ae%c0%ae", "%e2%80%ae", "%", "%z1",
            "%2", "%%", "?", "#", ";x=1", "*", "~", "admin", FuzzNode.DOMAIN, FuzzNode.ADMIN_DOMAIN, "FUZZ",
            "01m92jpgc9nmtsxky28d1x09z1", "0", "-x", "x-", "a.b", "a..b", " ", "%20", "+")),
        Gen.weight(2, Gen.ints(0, 255).map(b -> String.format("%%%02x", b))),
        Gen.weight(2, Gen.strings(Gen.range('a', 'z') + Gen.range('0', '9') + "-._", 1, 70)),
        Gen.weight(1, Gen.strings(Gen.range('\u0000', '\u001f') + "\u007f \"<>\\^`{|}", 1, 3)),
        Gen.weight(1, Gen.strings(Gen.range('\u00a0', '\u024f') + "\u2028\ufeff\ud83d", 1, 5)),
        Gen.weight(1, Gen.ints(64, 20_000).map("a"::repeat)));
    return piece.list(1, 4).map(pieces -> String.join("", pieces));
  }

  /** One case: a route and the segment put in place of its parameter. */
  record Case(Route route, String segment) {
    @Override
    public String toString() {
      return route.method() + " " + printable(route.path(segment));
    }
  }

  @Test
  void pathParameter_anySegment_isAnsweredOrAProblem() {
    Gen<Route> routes = routes();
    Gen<String> segments = segments();
    Gen.forAll("path-parameter", r -> new Case(routes.next(r), segments.next(r)), c -> {
      Route route = c.route();
      String path = route.path(c.segment());
      String body = "document".equals(route.body()) ? domainDocument : route.body();
      String request = route.method() + " " + printable(path) + (body == null ? "" : " with a valid body");
      FuzzVerdicts.check("path-parameter", request,
          () -> node.rows("Domain|%") + node.rows("Peer|%") + node.entities("Execution|%") + node.rows("Execution|" + node.finishedExecution()),
          () -> node.send(route.method(), path, signer(route), body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    });
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
