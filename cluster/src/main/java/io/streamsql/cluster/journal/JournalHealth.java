package io.streamsql.cluster.journal;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.persistence.CassandraSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;

/**
 * Probes Cassandra at a fixed interval so requests can be refused at once with 503 while the
 * journal is unreachable, instead of each one waiting for its own timeout.
 */
public final class JournalHealth implements AutoCloseable {
  // A node creates it right after the schema step succeeded, so Cassandra was just reachable.
  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private final AtomicReference<String> lastError = new AtomicReference<>("");
  private final AtomicBoolean probing = new AtomicBoolean(false);
  private final CassandraSession session;
  private final Cancellable schedule;

  public JournalHealth(ActorSystem<?> system, Duration interval) {
    this.session = CassandraSchema.session(system);
    this.schedule = system.scheduler().scheduleAtFixedRate(Duration.ZERO, interval, this::probe, system.executionContext());
  }

  private void probe() {
    if (!probing.compareAndSet(false, true)) return;
    session.selectOne("SELECT release_version FROM system.local")
        .whenComplete((row, error) -> {
          if (error == null) {
            healthy.set(true);
          } else {
            healthy.set(false);
            lastError.set(error.getClass().getSimpleName() + ": " + error.getMessage());
          }
          probing.set(false);
        });
  }

  public boolean isHealthy() {
    return healthy.get();
  }

  public String lastError() {
    return lastError.get();
  }

  /** Throws the 503 error when the journal was unreachable at the last probe. */
  public void requireHealthy() {
    if (!healthy.get()) {
      throw new StreamSqlException(
          ErrorCode.JOURNAL_UNAVAILABLE,
          "The journal (Cassandra) is unavailable; nothing was written. Retry later.",
          Map.of("cause", lastError.get()));
    }
  }

  @Override
  public void close() {
    schedule.cancel();
  }
}
