package io.fxg.demo;

import io.fxg.demo.DemoActions.Scenario;
import java.util.List;

/** The buttons of the demo page, in order: what each does and how it should end. */
final class DemoScenarios {
  static final List<Scenario> ALL = List.of(
      new Scenario("invoice", "Create an invoice", "scenario", "completed",
          "partner-a/agent-7 creates an invoice of 250: permitted, attested, run synchronously"),
      new Scenario("report", "Generate a report", "scenario", "completed",
          "an asynchronous report that reports its progress, then completes"),
      new Scenario("over-limit", "Invoice over the limit", "scenario", "denied: policy",
          "partner-b asks for 5000: the policy condition refuses it before anything runs"),
      new Scenario("forbidden", "Delete an invoice", "scenario", "denied: policy",
          "a forbid rule refuses invoice.delete for everyone"),
      new Scenario("upstream-failure", "Failing invoice backend", "scenario", "failed",
          "the target answers 500; the failure is recorded with the upstream status"),
      new Scenario("cancel", "Caller cancels", "scenario", "interrupted: cancelled",
          "a long report, cancelled by its caller once it runs"),
      new Scenario("measurement", "Change a measurement", "fail-closed", "interrupted: trust.attestation",
          "once the report runs, the target's image measurement changes; the next attestation fails"),
      new Scenario("revoke-key", "Revoke the caller's key", "fail-closed", "interrupted: trust.revoked",
          "a throwaway partner-a key starts a report; an admin then revokes that key"),
      new Scenario("stricter-policy", "Install a stricter policy", "fail-closed", "interrupted: governance.policy-changed",
          "a report on reports/quarterly runs; the new policy permits only reports/2026-*"),
      new Scenario("scope", "Out-of-scope report", "fail-closed", "interrupted: scope.violation",
          "the target reports reading secrets/signing-keys, outside the artifact's scope"),
      new Scenario("deadline", "Let the deadline pass", "fail-closed", "interrupted: deadline.exceeded",
          "a 20 s report with a 2 s deadline"));

  private DemoScenarios() {}
}
