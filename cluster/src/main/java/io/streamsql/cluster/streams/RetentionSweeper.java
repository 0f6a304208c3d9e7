package io.streamsql.cluster.streams;

import io.streamsql.core.log.RetentionPolicy;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.log.LogPartitionEntity;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs once in the cluster (a singleton) and periodically asks every partition of every stream
 * with a bounded retention to apply it. Appends already apply retention; this covers time-based
 * retention of streams that receive nothing.
 */
public final class RetentionSweeper {
  public sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  private record Swept(List<StreamDefinition> streams) implements Command {}

  private record SweepFailed(Throwable error) implements Command {}

  private RetentionSweeper() {}

  public static Behavior<Command> create(StreamService streams, Duration interval) {
    return Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
      return Behaviors.setup(ctx -> Behaviors.receive(Command.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            try {
              ctx.pipeToSelf(streams.list(), (list, error) -> error == null ? new Swept(list) : new SweepFailed(error));
            } catch (RuntimeException journalDown) {
              ctx.getLog().debug("Retention sweep skipped: {}", journalDown.getMessage());
            }
            return Behaviors.same();
          })
          .onMessage(Swept.class, msg -> {
            for (StreamDefinition def : msg.streams()) {
              if (def.retention() instanceof RetentionPolicy.Forever) continue;
              for (int p = 0; p < def.partitions(); p++) {
                streams.partition(def, p).tell(new LogPartitionEntity.EnforceRetention(def.retention(), ctx.getSystem().ignoreRef()));
              }
            }
            return Behaviors.same();
          })
          .onMessage(SweepFailed.class, msg -> {
            ctx.getLog().warn("Retention sweep failed: {}", msg.error().getMessage());
            return Behaviors.same();
          })
          .build());
    });
  }
}
