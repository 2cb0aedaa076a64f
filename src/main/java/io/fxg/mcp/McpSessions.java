package io.fxg.mcp;

import io.fxg.crypto.Encoding;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MCP sessions of this node ({@code Mcp-Session-Id}): each bound to the principal that
 * initialized it and to one endpoint, at most {@code max} at once, forgotten after {@code idle}
 * without use. A session id is a 128-bit random value, so guessing one is futile, and using
 * another principal's is answered as if it did not exist.
 */
public final class McpSessions {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Live sessions one principal may hold, so no caller can take every place. */
  public static final int MAX_PER_PRINCIPAL = 32;

  /** One session; {@code inFlight} maps the client's request ids to the executions they started. */
  public static final class Session {
    final String id;
    final String principal;
    final String endpoint;
    final String protocolVersion;
    final Map<String, String> inFlight = new ConcurrentHashMap<>();
    volatile Instant lastUsed;

    Session(String id, String principal, String endpoint, String protocolVersion, Instant now) {
      this.id = id;
      this.principal = principal;
      this.endpoint = endpoint;
      this.protocolVersion = protocolVersion;
      this.lastUsed = now;
    }

    public String id() {
      return id;
    }

    public String protocolVersion() {
      return protocolVersion;
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final int max;
  private final Duration idle;
  private final Clock clock;

  public McpSessions(int max, Duration idle, Clock clock) {
    this.max = max;
    this.idle = idle;
    this.clock = clock;
  }

  /**
   * A new session, or empty when {@code max} live sessions already exist or the principal holds
   * {@link #MAX_PER_PRINCIPAL}.
   */
  public Optional<Session> open(String principal, String endpoint, String protocolVersion) {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> s.lastUsed.plus(idle).isBefore(now));
    if (sessions.size() >= max
        || sessions.values().stream().filter(s -> s.principal.equals(principal)).count() >= MAX_PER_PRINCIPAL) {
      return Optional.empty();
    }
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    Session session = new Session(Encoding.b64url(id), principal, endpoint, protocolVersion, now);
    sessions.put(session.id, session);
    return Optional.of(session);
  }

  /** The caller's live session on this endpoint with that id. */
  public Optional<Session> find(String id, String principal, String endpoint) {
    Session session = sessions.get(id);
    Instant now = clock.instant();
    if (session == null || !session.principal.equals(principal) || !session.endpoint.equals(endpoint)
        || session.lastUsed.plus(idle).isBefore(now)) {
      return Optional.empty();
    }
    session.lastUsed = now;
    return Optional.of(session);
  }

  public void close(Session session) {
    sessions.remove(session.id);
  }
}
