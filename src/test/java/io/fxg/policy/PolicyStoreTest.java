package io.fxg.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.fxg.lineage.LineageChain;
import io.fxg.lineage.LineageRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy store entity: installs, refusals that keep the previous bundle, the policy chain. */
class PolicyStoreTest {
  static final ActorTestKit testKit = ActorTestKit.create(
      EventSourcedBehaviorTestKit.config()
          .withFallback(ConfigFactory.parseString("pekko.actor.provider = local\n"
              + "pekko.persistence.journal.plugin = \"" + PersistenceTestKitPlugin.PluginId() + "\""))
          .withFallback(ConfigFactory.load()));
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC);
  final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
  EventSourcedBehaviorTestKit<PolicyStore.Command, PolicyStore.Event, PolicyStore.State> kit;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    journal.clearAll();
    kit = EventSourcedBehaviorTestKit.create(testKit.system(),
        PolicyStore.create(CLOCK, "127.0.0.1:25520"));
  }

  PolicyStore.InstallReply install(String json) {
    return kit.<PolicyStore.InstallReply>runCommand(
        r -> new PolicyStore.Install(json, "admin/root", r)).reply();
  }

  PolicyStore.Current current(String knownDigest) {
    return kit.<PolicyStore.Current>runCommand(
        r -> new PolicyStore.GetCurrent(knownDigest, r)).reply();
  }

  static String version(long version) {
    return TestBundles.base().put("version", version).toString();
  }

  @Test
  void install_valid_isJournaledAsChainedLineageRecord() {
    var installed = assertInstanceOf(PolicyStore.Installed.class, install(TestBundles.BASE));
    CompiledPolicy expected = TestBundles.compile(TestBundles.BASE);
    assertEquals(new PolicyPointer(3, expected.digest()), installed.pointer());
    assertEquals(3, installed.ruleCount());
    LineageRecord record = installed.record();
    assertEquals("policy", record.executionId());
    assertEquals("policy.installed", record.type());
    assertEquals(1, record.seq());
    assertEquals(LineageChain.GENESIS, record.prev());
    assertEquals(3, record.data().get("version").asLong());
    assertEquals(expected.digest(), record.data().get("digest").asText());
    assertEquals(3, record.data().get("ruleCount").asInt());
    assertEquals("admin/root", record.data().get("installedBy").asText());

    var second = assertInstanceOf(PolicyStore.Installed.class, install(version(4)));
    assertEquals(2, second.record().seq());
    assertEquals(record.hash(), second.record().prev());
    assertTrue(LineageChain.verify("policy", List.of(record, second.record())).isEmpty());
  }

  @Test
  void getCurrent_returnsBundleUnlessDigestKnown() {
    assertNull(current(null).pointer());
    install(TestBundles.BASE);
    PolicyStore.Current current = current(null);
    assertEquals(3, current.pointer().version());
    assertEquals(current.pointer().digest(),
        TestBundles.compile(current.bundleJson()).digest());
    assertNull(current(current.pointer().digest()).bundleJson());
    assertNotNull(current("sha256:" + "00".repeat(32)).bundleJson());
  }

  @Test
  void install_versionNotGreater_is409AndKeepsPrevious() {
    install(version(5));
    for (long v : new long[] {5, 4}) {
      var refused = assertInstanceOf(PolicyStore.Refused.class, install(version(v)));
      assertEquals(409, refused.status());
      assertEquals("version", refused.field());
      assertTrue(refused.detail().contains("greater than the installed version 5"), refused.detail());
    }
    assertEquals(5, current(null).pointer().version());
    assertEquals(1, kit.getState() instanceof PolicyStore.Active a ? a.last().seq() : -1);
  }

  static Stream<Arguments> badBundles() {
    ObjectNode noRules = TestBundles.base();
    noRules.putArray("rules");
    ObjectNode duplicate = TestBundles.base();
    ArrayNode rules = (ArrayNode) duplicate.get("rules");
    rules.add(rules.get(0).deepCopy());
    ObjectNode notCompiling = TestBundles.base();
    ((ObjectNode) notCompiling.get("rules").get(0)).put("condition", "context.rsk < 5");
    ObjectNode notBool = TestBundles.base();
    ((ObjectNode) notBool.get("rules").get(0)).put("condition", "context.risk + 1");
    ObjectNode zero = TestBundles.base();
    ((ObjectNode) zero.get("rules").get(0).get("obligations")).put("maxDurationSeconds", 0);
    ObjectNode negative = TestBundles.base();
    ((ObjectNode) negative.get("rules").get(0).get("obligations")).put("attestEverySeconds", -5);
    ObjectNode years = TestBundles.base();
    ((ObjectNode) years.get("rules").get(0).get("obligations"))
        .put("maxDurationSeconds", 3 * 365 * 86_400);
    return Stream.of(
        Arguments.of("not JSON", "{\"version\": 9, ", "bundle", null),
        Arguments.of("empty rules", noRules.toString(), "rules", null),
        Arguments.of("duplicate rule id", duplicate.toString(), "rules[3].id", "duplicate"),
        Arguments.of("CEL error", notCompiling.toString(), "rules[0].condition",
            "rule 'billing-invoke' condition does not compile at 1:8"),
        Arguments.of("non-bool CEL", notBool.toString(), "rules[0].condition", "must be of type bool"),
        Arguments.of("zero duration", zero.toString(),
            "rules[0].obligations.maxDurationSeconds", null),
        Arguments.of("negative interval", negative.toString(),
            "rules[0].obligations.attestEverySeconds", null),
        Arguments.of("years", years.toString(), "rules[0].obligations.maxDurationSeconds", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBundles")
  void install_badBundle_is400NamingFieldAndKeepsPrevious(
      String name, String json, String field, String detailPart) {
    install(TestBundles.BASE);
    var refused = assertInstanceOf(PolicyStore.Refused.class, install(
        json.replaceFirst("\"version\":3", "\"version\":7")));
    assertEquals(400, refused.status());
    assertEquals(field, refused.field(), refused.detail());
    if (detailPart != null) {
      assertTrue(refused.detail().contains(detailPart), refused.detail());
    }
    assertEquals(3, current(null).pointer().version());
  }

  @Test
  void recovery_replaysChainAndKeepsBundle() {
    install(TestBundles.BASE);
    install(version(4));
    kit.restart();
    assertEquals(4, current(null).pointer().version());
    assertInstanceOf(PolicyStore.Installed.class, install(version(5)));
  }

  @Test
  void recovery_withTamperedBundle_servesNoPolicyAndRefusesInstalls() {
    var installed = (PolicyStore.Installed) install(TestBundles.BASE);
    String bundle = current(null).bundleJson();
    String tampered = bundle.replace("amount < 1000", "amount < 9000");
    assertTrue(!tampered.equals(bundle));
    journal.clearAll();
    journal.persistForRecovery("PolicyStore|policy",
        List.of(new PolicyStore.BundleInstalled(installed.record(), tampered)));
    kit.restart();
    PolicyStore.Current current = current(null);
    assertNull(current.pointer());
    assertTrue(current.fault().contains("digest"), current.fault());
    var refused = assertInstanceOf(PolicyStore.Refused.class, install(version(9)));
    assertEquals(500, refused.status());
  }

  @Test
  void recovery_withBrokenLink_servesNoPolicy() {
    var first = (PolicyStore.Installed) install(TestBundles.BASE);
    String bundle = current(null).bundleJson();
    LineageRecord r = first.record();
    LineageRecord forged = new LineageRecord(r.executionId(), r.seq(), r.type(), r.phase(), r.at(),
        "10.0.0.9:25520", r.data(), r.prev(), r.hash());
    journal.clearAll();
    journal.persistForRecovery("PolicyStore|policy",
        List.of(new PolicyStore.BundleInstalled(forged, bundle)));
    kit.restart();
    assertTrue(current(null).fault().startsWith("policy seq 1"), current(null).fault());
  }
}
