package io.streamsql.persistence.sql;

import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Runs the stream of a persistent query from the given next offsets per source partition. The
 * runner asks the entity to persist {@link QueryEntity.Progress} only after the outputs of those
 * inputs are persisted in the sink, and tells it {@link QueryEntity.RunnerStopped} if it fails.
 */
public interface QueryRunner {
  /** A running query's stream. */
  interface Running {
    void stop();
  }

  Running run(QueryDefinition definition, Map<Integer, Long> from, ActorRef<QueryEntity.Command> entity);

  /**
   * After a query is terminated: releases what only it used (an aggregation's state partitions and
   * repartition log). Best effort, off the entity; a failure is logged and leaves data behind, never
   * anything a running query needs.
   */
  default void released(QueryDefinition definition) {}

  /**
   * The plan of a definition journaled before plans were stored, made once from its statement
   * and DDL; the entity journals it so later restarts never plan the SQL again.
   */
  io.streamsql.core.sql.plan.QueryPlan planOf(QueryDefinition legacy);
}
