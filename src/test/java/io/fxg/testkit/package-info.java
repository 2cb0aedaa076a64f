/**
 * What tests share. At its centre the one end-to-end fixture, {@link io.fxg.testkit.GatewayFixture}:
 * gateway nodes, demo target environments, a federation and a policy, started for a test class and
 * closed after it. Every test that runs a node uses it; none starts a node, a target or a
 * federation its own way.
 *
 * <h2>One fixture per test class</h2>
 * <pre>{@code
 * static final Jwk AGENT = Jwk.generate("partner-a/agent-7");
 * static final Jwk BILLING = Jwk.generate("acme/billing-prod");
 *
 * @RegisterExtension
 * static final GatewayFixture gateway = GatewayFixture.builder()
 *     .federation(Federation.of().environment(BILLING).principal(AGENT))
 *     .policy(TestPolicies.bundle(1))
 *     .build();
 * static final SignedCalls calls = gateway.calls();
 * }</pre>
 * As an extension on a static field the fixture starts before the class's {@code @BeforeAll}
 * methods (which may use it) and closes after its {@code @AfterAll} ones: one set of ActorSystems
 * per class (several such fields: several fixtures, a node on a skewed clock beside another). A
 * test that needs its own nodes (a second configuration) starts one by hand:
 * {@code try (GatewayFixture node = GatewayFixture.builder().stubbed().start()) { ... }}.
 *
 * <h2>Restarts</h2>
 * A node restarts on the same journal as a new fixture: close the first, start another from the
 * same builder (one given its journal) or one given {@code first.journal()} and
 * {@code first.keysDir()} (the same keys, as a restarted process has): {@code ProjectionRestartTest},
 * {@code ExecutionJournalTest}; {@code JournalOutageTest} restarts on a copy of the journal's files.
 * In a cluster, {@code stop(node)} makes one node leave while the others run on
 * ({@code ReplayAfterFailoverTest}).
 *
 * <h2>The builder ({@link io.fxg.testkit.FixtureBuilder})</h2>
 * Every setting has a default: one node, nothing stubbed, signed calls only, a fresh in-memory H2
 * journal, a fresh key directory, no domains, no policy, the system clock, 60 s to start.
 * <ul>
 *   <li>{@code nodes(n)}: n nodes joined into one cluster (seeded by the first) on one journal
 *       and one key directory; {@code start} waits ({@code startWithin}, 60 s by default) until
 *       every node is ready and sees n members Up.</li>
 *   <li>{@code journal(...)}: {@link io.fxg.testkit.Journal#h2()} (default),
 *       {@link io.fxg.testkit.Journal#postgresOrH2()} (PostgreSQL when {@code FXG_TEST_JDBC_URL}
 *       is set, as {@code .ci/run} sets it), {@code Journal.h2File(dir)}, {@code Journal.url(..)}
 *       (the test credentials), {@code new Journal(url, user, password)}; pass
 *       {@code first.journal()} to a second fixture to restart on what the first wrote. A test reads
 *       and changes rows through {@code journal.connect()} and {@code journal.count(sql, ...)};
 *       {@code journal.config()} is what an {@code fxg audit} config file needs.</li>
 *   <li>Calls and seams: {@code unsigned()} (tests call as {@code Fxg-Test-Caller: DOMAIN/NAME}),
 *       {@code services(...)} (replace lifecycle seams, see {@link io.fxg.testkit.StubServices}),
 *       {@code stubbed()} (both: the usual node test), {@code signingStubs()} (stubs whose
 *       artifacts the gateway key signs), {@code web()} ({@code stubbed()} with public reads,
 *       for the pages), {@code routes(...)} (extra routes, the demo's controls).</li>
 *   <li>{@code config(hocon)}: anything else (rate limits, timeouts,
 *       {@link io.fxg.testkit.NetworkCuts#TEST_MODE}); {@code keysDir(dir)}; {@code tls(keystore,
 *       password)} (the test then awaits readiness over its own TLS client).</li>
 *   <li>{@code clock(clock)}: the clock every node runs on (a skewed node); the fixture's admin
 *       calls are signed at its time, and {@code clock()} gives it back.</li>
 *   <li>{@code startWithin(duration)}: how long the start waits for readiness and retries a
 *       set-up call answered 503 (default 60 s; longer on a loaded machine).</li>
 *   <li>{@code federation(Federation.of()...)}: domains registered once the nodes are ready, each
 *       answered 201. {@code principal(key, roles...)} (default role {@code invoker}) and
 *       {@code environment(key[, attestEverySeconds[, customize]])} take the id from the key's
 *       {@code DOMAIN/NAME} kid; an environment is a demo target started on loopback, reporting
 *       to the first node ({@code customize} changes its builder: a clock, a measurement);
 *       {@code registered(id, key, endpoint, ...)} registers one where nothing runs;
 *       {@code toolServer(key, attestEverySeconds, customize)} starts an {@link
 *       io.fxg.mcp.McpToolServer} ({@code customize} adds its tools, e.g.
 *       {@code DemoTools::configure}) and registers it with {@code "kind": "mcp"};
 *       {@code domain(id, displayName)} names a domain. {@code register(federation)} adds more
 *       from a test.</li>
 *   <li>{@code policy(bundle)}: installed after the federation (answered 200; a set-up call
 *       answered 503 is sent again).</li>
 *   <li>{@code onlyIf(condition)}: start nothing unless it holds ({@code Browser::available}).</li>
 * </ul>
 *
 * <h2>The fixture ({@link io.fxg.testkit.GatewayFixture})</h2>
 * {@code node()}, {@code node(i)}, {@code nodes()} and {@code stop(node)} (a node leaves or is cut
 * off); {@code http()} and {@code calls()} (plain and RFC 9421-signed calls to the first node,
 * {@code http(i)}, {@code calls(i)} to another: these may be taken into {@code static final}
 * fields before the start); {@code url(path)}; {@code admin()}, {@code asAdmin(method, path,
 * body)}, {@code keys()}, {@code keysDir()}; {@code journal()}; {@code target("acme/billing-prod")}
 * (the running demo target), {@code toolServer("acme/tools")} (the running MCP tool server); on an unsigned node {@code submit(action, resource[, parent])} as
 * {@link io.fxg.testkit.GatewayFixture#CALLER} and {@code awaitStatus(id, status)}.
 *
 * <h2>Around it</h2>
 * {@link io.fxg.testkit.Browser} (headless Chromium, also one per class as an extension),
 * {@link io.fxg.testkit.FuzzNode} (a fixture node for the fuzz properties, with a fuzz domain, a
 * finished execution, exact-byte signed requests and journal counts: an extension too),
 * {@link io.fxg.testkit.HttpCalls}, {@link io.fxg.testkit.SignedCalls},
 * {@link io.fxg.testkit.StubServices}, {@link io.fxg.testkit.SigningStubs},
 * {@link io.fxg.testkit.TestPolicies}, {@link io.fxg.testkit.NetworkCuts},
 * {@link io.fxg.testkit.MutableClock}, {@link io.fxg.testkit.ChainWriter} and
 * {@link io.fxg.testkit.ProofBundles}. Depends on the main code and the test libraries; no main
 * code depends on it. Not a fixture: the multi-process {@code ClusterFailoverProcessTest}, which
 * starts real processes through {@code scripts/cluster}.
 */
package io.fxg.testkit;
