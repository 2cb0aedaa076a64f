package io.fxg.testkit;

import io.fxg.cluster.NodeContext;
import io.fxg.crypto.CryptoException;
import io.fxg.execution.ExecutionServices;
import io.fxg.identity.GatewayKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The builder of a {@link GatewayFixture} ({@link GatewayFixture#builder()}). Every setting has a
 * default: one node, nothing stubbed, a fresh in-memory H2 journal, signed calls only, an empty
 * federation, no policy, a fresh key directory, the system clock, 60 s to start. {@link #build()} for {@code @RegisterExtension},
 * {@link #start()} to start one by hand; each call makes a new fixture
 * (with its own fresh journal and key directory unless they were given). A fixture reads its
 * builder when it starts: change no builder that built a fixture still to start.
 */
public final class FixtureBuilder {
  int nodes = 1;
  Journal journal;
  private final StringBuilder config = new StringBuilder();
  Function<GatewayKeys, UnaryOperator<ExecutionServices>> seams = keys -> services -> services;
  Function<NodeContext, Route> routes = context -> null;
  Path keysDir;
  boolean plainHttp = true;
  Federation federation = Federation.of();
  String policy;
  BooleanSupplier enabled = () -> true;
  Clock clock = Clock.systemUTC();
  Duration startWithin = Duration.ofSeconds(60);

  FixtureBuilder() {}

  /** How many nodes: they join one cluster (seeded by the first) and share the journal and keys. */
  public FixtureBuilder nodes(int count) {
    this.nodes = count;
    return this;
  }

  /** {@link Journal#h2()} (default), {@link Journal#postgresOrH2()}, a file, or one shared with another fixture. */
  public FixtureBuilder journal(Journal newJournal) {
    this.journal = newJournal;
    return this;
  }

  /**
   * The clock every node runs on (a node whose clock is skewed); the fixture's admin calls are
   * signed at its time too. Default: {@link Clock#systemUTC()}.
   */
  public FixtureBuilder clock(Clock nodeClock) {
    this.clock = nodeClock;
    return this;
  }

  /** How long the start may wait for readiness, and retry a set-up call answered 503 (default 60 s). */
  public FixtureBuilder startWithin(Duration deadline) {
    this.startWithin = deadline;
    return this;
  }

  /** Extra HOCON for every node (rate limits, timeouts, {@link NetworkCuts#TEST_MODE}, ...). */
  public FixtureBuilder config(String hocon) {
    config.append(hocon).append('\n');
    return this;
  }

  /** {@code fxg.http.allow-unsigned}: tests may call as {@code Fxg-Test-Caller: DOMAIN/NAME}. */
  public FixtureBuilder unsigned() {
    return config("fxg.http.allow-unsigned = on");
  }

  /** {@code fxg.http.public-read}: reads need no caller (the web pages sign nothing). */
  public FixtureBuilder publicReads() {
    return config("fxg.http.public-read = on");
  }

  /** The usual node test: {@link #unsigned()} callers, the lifecycle's seams {@link StubServices#permitting()}. */
  public FixtureBuilder stubbed() {
    return unsigned().services(StubServices.permitting());
  }

  /** The web tests' node: {@link #stubbed()} with {@link #publicReads()}. */
  public FixtureBuilder web() {
    return stubbed().publicReads();
  }

  /** Replaces seams of the execution lifecycle (see {@link StubServices}); default: none. */
  public FixtureBuilder services(UnaryOperator<ExecutionServices> override) {
    this.seams = keys -> override;
    return this;
  }

  /** {@link SigningStubs#permitting}: the stubs, with artifacts signed by the fixture's gateway key. */
  public FixtureBuilder signingStubs() {
    this.seams = keys -> SigningStubs.permitting(keys.signer());
    return this;
  }

  /** Routes the nodes serve besides the API (the demo's controls). */
  public FixtureBuilder routes(Function<NodeContext, Route> extraRoutes) {
    this.routes = extraRoutes;
    return this;
  }

  /** The key directory (default: a fresh temporary one); missing keys are generated into it. */
  public FixtureBuilder keysDir(Path dir) {
    this.keysDir = dir;
    return this;
  }

  /** Serves HTTPS with this PKCS#12 keystore; the fixture then leaves waiting for readiness to the test. */
  public FixtureBuilder tls(Path keystore, String password) {
    this.plainHttp = false;
    return config("fxg.http.tls.keystore = \"" + keystore + "\"\nfxg.http.tls.keystore-password = " + password);
  }

  /** Domains, principals and target environments to register once the nodes are ready. */
  public FixtureBuilder federation(Federation domains) {
    this.federation = domains;
    return this;
  }

  /** A policy bundle (JSON) to install after the federation. */
  public FixtureBuilder policy(Object bundle) {
    this.policy = bundle.toString();
    return this;
  }

  /** Starts nothing unless {@code condition} holds (the browser tests: {@code Browser::available}). */
  public FixtureBuilder onlyIf(BooleanSupplier condition) {
    this.enabled = condition;
    return this;
  }

  public GatewayFixture build() {
    try {
      return new GatewayFixture(this, journal != null ? journal : Journal.h2(),
          keysDir != null ? keysDir : Files.createTempDirectory("fxg-keys"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  public GatewayFixture start() {
    return build().start();
  }

  String config() {
    return config.toString();
  }
}
