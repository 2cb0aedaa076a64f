package io.fxg.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fxg.serialization.CborSerializable;
import io.fxg.serialization.Json;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One per node, registered with the receptionist so {@code GET /v1/cluster} can ask every node
 * for its own view: readiness checks, policy version and digest, live executions, monitor states.
 * Capabilities contribute sections through suppliers.
 */
public final class NodeStatus {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "fxg-node-status");

  public sealed interface Command extends CborSerializable {}

  public record Get(ActorRef<Status> replyTo) implements Command {}

  /** @param status a JSON object (JsonNode travels as CBOR) */
  public record Status(String node, JsonNode status) implements CborSerializable {}

  private NodeStatus() {}

  /** @param sections name to supplier of a JSON value, evaluated on every request */
  public static Behavior<Command> create(String node, Map<String, Supplier<JsonNode>> sections) {
    return Behaviors.setup(context -> {
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      return Behaviors.receiveMessage(message -> {
        Get get = (Get) message;
        ObjectNode status = Json.object();
        sections.forEach((name, supplier) -> {
          try {
            status.set(name, supplier.get());
          } catch (RuntimeException e) {
            status.put(name, "unavailable: " + e.getMessage());
          }
        });
        get.replyTo().tell(new Status(node, status));
        return Behaviors.same();
      });
    });
  }
}
