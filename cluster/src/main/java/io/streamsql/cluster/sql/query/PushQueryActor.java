package io.streamsql.cluster.sql.query;

import io.streamsql.persistence.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.stream.KillSwitch;

/**
 * One running push query: owns the kill switch of its row stream and is registered with the
 * receptionist, so any node can list it ({@code SHOW QUERIES}) and end it ({@code /close-query},
 * {@code TERMINATE}). It stops when its stream ends, for whatever reason (LIMIT, close, client gone).
 */
public final class PushQueryActor {
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "push-queries");

  public sealed interface Command extends CborSerializable {}

  /** Ends the query: its response completes after the rows already sent. */
  public record Close() implements Command {}

  public record Describe(ActorRef<Description> replyTo) implements Command {}

  public record Description(String queryId, String statement, String source, long startedAt) implements CborSerializable {}

  /** The row stream ended (sent by the node itself, never remotely). */
  record Finished() implements Command {}

  private PushQueryActor() {}

  static Behavior<Command> create(Description description, KillSwitch kill) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return Behaviors.receive(Command.class)
          .onMessage(Close.class, c -> {
            kill.shutdown();
            return Behaviors.same();
          })
          .onMessage(Describe.class, d -> {
            d.replyTo().tell(description);
            return Behaviors.same();
          })
          .onMessage(Finished.class, f -> Behaviors.stopped())
          .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
            // A stopped actor that still had rows flowing (the node shutting down) ends them too.
            kill.shutdown();
            return Behaviors.same();
          })
          .build();
    });
  }
}
