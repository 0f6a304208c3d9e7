package io.streamsql.cluster.connectors.kafka;

import io.streamsql.persistence.CborSerializable;
import io.streamsql.persistence.connector.KafkaSinkCatalogEntity.Sink;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The sharded owner of one source partition's exporter of a Kafka sink. It journals nothing: the
 * progress is the offset committed to Kafka with each transaction. The keeper's periodic
 * {@link Ensure} starts it after a restart; a failed exporter starts again after a pause.
 */
public final class KafkaSinkPartitionActor {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "KafkaSinkPartition");

  public sealed interface Command extends CborSerializable {}

  /** Runs partition {@code partition} of {@code sink} (or holds it, when the sink is paused). */
  public record Ensure(Sink sink, int partition, ActorRef<Done> replyTo) implements Command {}

  /** The sink was deleted: stop for good. */
  public record Stop(ActorRef<Done> replyTo) implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /** {@code nextOffset}: the next source offset to export (-1 before it is known). */
  public record Status(String state, long nextOffset, long exported, String error) implements CborSerializable {}

  private record Stopped(String error) implements Command {}

  private enum Restart implements Command { INSTANCE }

  /** Runs one partition's export (KafkaSinkExporter); tests give a fake. */
  public interface Exporter {
    /** Starts exporting; {@code onStopped} gets the error when it stops by itself. The runnable stops it. */
    Runnable run(Sink sink, int partition, KafkaSinkExporter.Progress progress, java.util.function.Consumer<String> onStopped);
  }

  private KafkaSinkPartitionActor() {}

  /** The exporter the node's sink partitions share. */
  public static KafkaSinkExporter exporter(org.apache.pekko.actor.typed.ActorSystem<?> system, io.streamsql.cluster.streams.StreamService streams,
      io.streamsql.cluster.streams.LogReader reader, KafkaSourceSettings settings, java.util.concurrent.Executor blocking) {
    return new KafkaSinkExporter(system, streams, reader, settings, blocking);
  }

  public static Behavior<Command> create(Exporter exporter, Duration restartDelay) {
    return Behaviors.withTimers(timers -> Behaviors.setup(ctx -> {
      var st = new Object() {
        Sink sink;
        int partition;
        boolean deleted;
        Runnable running;
        KafkaSinkExporter.Progress progress = new KafkaSinkExporter.Progress();

        void start() {
          if (running != null || deleted || sink == null || sink.paused() || timers.isTimerActive(Restart.INSTANCE)) return;
          running = exporter.run(sink, partition, progress, error -> ctx.getSelf().tell(new Stopped(error)));
        }

        void stop() {
          timers.cancel(Restart.INSTANCE);
          if (running != null) {
            running.run();
            running = null;
          }
        }
      };
      return Behaviors.receive(Command.class)
          .onMessage(Ensure.class, msg -> {
            st.sink = msg.sink();
            st.partition = msg.partition();
            if (msg.sink().paused()) st.stop();
            else st.start();
            msg.replyTo().tell(Done.getInstance());
            return Behaviors.same();
          })
          .onMessage(Stop.class, msg -> {
            st.deleted = true;
            st.stop();
            msg.replyTo().tell(Done.getInstance());
            return Behaviors.same();
          })
          .onMessage(GetStatus.class, msg -> {
            String state = st.deleted ? "deleted" : st.sink == null ? "new" : st.sink.paused() ? "paused"
                : st.progress.error.get() != null ? "failed" : "running";
            msg.replyTo().tell(new Status(state, st.progress.nextOffset.get(), st.progress.exported.get(), st.progress.error.get()));
            return Behaviors.same();
          })
          .onMessage(Stopped.class, msg -> {
            st.running = null;
            st.progress.error.set(msg.error());
            ctx.getLog().warn("Kafka sink partition {} stopped: {}; restarting in {}", ctx.getSelf().path().name(), msg.error(), restartDelay);
            timers.startSingleTimer(Restart.INSTANCE, restartDelay);
            return Behaviors.same();
          })
          .onMessageEquals(Restart.INSTANCE, () -> {
            st.start();
            return Behaviors.same();
          })
          .onSignal(PostStop.class, signal -> {
            st.stop();
            return Behaviors.same();
          })
          .build();
    }));
  }
}
