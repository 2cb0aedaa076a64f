package io.fxg.http;

import io.fxg.crypto.Jwk;
import io.fxg.crypto.Signer;
import io.fxg.serialization.Json;
import io.fxg.testkit.FuzzNode;
import io.fxg.testkit.FuzzVerdicts;
import io.fxg.testkit.Gen;
import io.fxg.testkit.JsonFuzz;
import io.fxg.testkit.RawHttp;
import io.fxg.testkit.TestPolicies;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzes every JSON body the API takes, signed with the real key of the caller each route
 * requires (so the signature verifies and the body parser is what is exercised): generated
 * bodies, and valid bodies with one member changed or their bytes mutated. Tries per property:
 * {@code -Dfxg.fuzz.tries} (see docs/reliability.md, Fuzzing).
 */
class BodyFuzzTest {
  @RegisterExtension
  static final FuzzNode node = FuzzNode.create();

  static final String REPORT = "{\"seq\":1,\"status\":\"completed\",\"actions\":[{\"action\":\"invoice.create\","
      + "\"resource\":\"invoices/2026-11\"}],\"result\":{\"invoice\":\"inv-1\"},\"error\":\"none\"}";
  static final String REVOCATION = "{\"kind\":\"key\",\"id\":\"" + FuzzNode.ADMIN_DOMAIN + "/agent-9\",\"reason\":\"leaked\"}";
  static final String REASON = "{\"reason\":\"incident 42\"}";

  Gen<JsonFuzz.Body> submissions() {
    return JsonFuzz.bodies(FuzzNode.submitBody());
  }

  Gen<JsonFuzz.Body> reports() {
    return JsonFuzz.bodies(REPORT);
  }

  Gen<JsonFuzz.Body> reasons() {
    return JsonFuzz.bodies(REASON);
  }

  Gen<JsonFuzz.Body> domains() {
    return JsonFuzz.bodies(FuzzNode.domainDocument(Jwk.generate(null), Jwk.generate(null)));
  }

  Gen<JsonFuzz.Body> revocations() {
    return JsonFuzz.bodies(REVOCATION);
  }

  Gen<JsonFuzz.Body> policies() {
    return JsonFuzz.bodies(Json.write(TestPolicies.bundle(FuzzNode.POLICY_VERSION)));
  }

  @Test
  void submit_anyBody_isAcceptedOrAProblemNamingTheField() {
    Gen.forAll("submit", submissions(), body -> {
      fuzz("submit", "POST", "/v1/executions", node.principal, body, () -> node.entities("Execution|%"));
    });
  }

  @Test
  void report_anyBody_isAcceptedOrAProblemNamingTheField() {
    Gen.forAll("report", reports(), body -> {
      fuzz("report", "POST", "/v1/executions/" + node.finishedExecution() + "/reports", node.environment, body,
          () -> node.rows("Execution|" + node.finishedExecution()));
    });
  }

  @Test
  void cancel_anyBody_isAcceptedOrAProblem() {
    Gen.forAll("cancel", reasons(), body -> {
      fuzz("cancel", "POST", "/v1/executions/" + node.finishedExecution() + "/cancel", node.principal, body,
          () -> node.rows("Execution|" + node.finishedExecution()));
    });
  }

  @Test
  void putDomain_anyBody_isAcceptedOrAProblemNamingTheField() {
    Gen.forAll("domain", domains(), body -> {
      fuzz("domain", "PUT", "/v1/admin/domains/" + FuzzNode.ADMIN_DOMAIN, node.admin, body,
          () -> node.rows("Domain|" + FuzzNode.ADMIN_DOMAIN));
    });
  }

  @Test
  void suspendAndResume_anyBody_isAcceptedOrAProblemNamingTheField() {
    Gen.forAll("suspend-resume", reasons(), body -> {
      String action = body.bytes().length % 2 == 0 ? "suspend" : "resume";
      fuzz(action, "POST", "/v1/admin/domains/" + FuzzNode.ADMIN_DOMAIN + "/" + action, node.admin, body,
          () -> node.rows("Domain|" + FuzzNode.ADMIN_DOMAIN));
    });
  }

  @Test
  void revoke_anyBody_isAcceptedOrAProblemNamingTheField() {
    Gen.forAll("revoke", revocations(), body -> {
      fuzz("revoke", "POST", "/v1/admin/revocations", node.admin, body, () -> node.rows("Revocations|%"));
    });
  }

  @Test
  void installPolicy_anyBody_isAcceptedOrAProblemNamingTheField() {
    Gen.forAll("policy", policies(), body -> {
      fuzz("policy", "PUT", "/v1/admin/policy", node.admin, body, () -> node.rows("PolicyStore|%"));
    });
  }

  private static void fuzz(String property, String method, String path, Signer key, JsonFuzz.Body body,
      LongSupplier journal) {
    String request = method + " " + path + " " + body;
    RawHttp.Response response = FuzzVerdicts.check(property, request, journal,
        () -> node.send(method, path, key, body.bytes()));
    boolean documentLevel = JsonFuzz.hasLoneSurrogateEscape(new String(body.bytes(), java.nio.charset.StandardCharsets.UTF_8))
        || JsonFuzz.hasDuplicateNames(body.bytes());
    FuzzVerdicts.namesField(response, body.member(), request, documentLevel);
  }
}
