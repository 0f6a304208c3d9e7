package io.streamsql.cluster.sql;

import io.streamsql.cluster.EntityAsks;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.persistence.sql.QueryDefinition;
import io.streamsql.persistence.sql.QueryEntity;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlQuery;
import io.streamsql.persistence.sql.SqlSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/** Blocking-free asks to the SQL catalog and query entities of one namespace, failures as StreamSQL errors. */
final class SqlCatalog {
  private final ClusterSharding sharding;
  private final String namespace;
  private final Duration timeout;

  SqlCatalog(ClusterSharding sharding, String namespace, Duration timeout) {
    this.sharding = sharding;
    this.namespace = namespace;
    this.timeout = timeout;
  }

  private EntityRef<SqlCatalogEntity.Command> catalog() {
    return sharding.entityRefFor(SqlCatalogEntity.TYPE_KEY, namespace.isEmpty() ? "default" : namespace);
  }

  EntityRef<QueryEntity.Command> query(String queryId) {
    return sharding.entityRefFor(QueryEntity.TYPE_KEY, QueryEntity.entityId(namespace.isEmpty() ? "default" : namespace, queryId));
  }

  SqlCatalogEntity.State state() {
    return await(catalog().<SqlCatalogEntity.State>ask(SqlCatalogEntity.GetCatalog::new, timeout), "Reading the SQL catalog");
  }

  SqlSource registerSource(SqlSource source, boolean orReplace) {
    return unwrap(await(catalog().<StatusReply<SqlSource>>ask(r -> new SqlCatalogEntity.RegisterSource(source, orReplace, r), timeout),
        "Registering " + source.name()));
  }

  SqlSource dropSource(String name) {
    return unwrap(await(catalog().<StatusReply<SqlSource>>ask(r -> new SqlCatalogEntity.DropSource(name, r), timeout), "Dropping " + name));
  }

  SqlQuery registerQuery(String prefix, String statement, String sink, List<String> sources, SqlSource newSink, boolean orReplace) {
    return unwrap(await(catalog().<StatusReply<SqlQuery>>ask(
        r -> new SqlCatalogEntity.RegisterQuery(prefix, statement, sink, sources, newSink, orReplace, r), timeout), "Registering the query"));
  }

  void registerType(String name, String sqlType) {
    unwrap(await(catalog().<StatusReply<String>>ask(r -> new SqlCatalogEntity.RegisterType(name, sqlType, r), timeout),
        "Registering type " + name));
  }

  void dropType(String name) {
    unwrap(await(catalog().<StatusReply<String>>ask(r -> new SqlCatalogEntity.DropType(name, r), timeout), "Dropping type " + name));
  }

  SqlQuery terminate(String queryId) {
    SqlQuery q = unwrap(await(catalog().<StatusReply<SqlQuery>>ask(r -> new SqlCatalogEntity.TerminateQuery(queryId, r), timeout),
        "Terminating " + queryId));
    await(query(queryId).<Done>ask(QueryEntity.Terminate::new, timeout), "Stopping " + queryId);
    return q;
  }

  void start(QueryDefinition def) {
    unwrap(await(query(def.queryId()).<StatusReply<Done>>ask(r -> new QueryEntity.Start(def, r), timeout), "Starting " + def.queryId()));
  }

  /** A running query's definition, or null when it never started. */
  io.streamsql.persistence.sql.QueryDefinition definition(String queryId) {
    return await(query(queryId).<QueryEntity.Definition>ask(QueryEntity.GetDefinition::new, timeout),
        "Reading the definition of " + queryId).definition();
  }

  QueryEntity.Status status(String queryId) {
    return await(query(queryId).<QueryEntity.Status>ask(QueryEntity.GetStatus::new, timeout), "Reading the status of " + queryId);
  }

  private static <T> T unwrap(StatusReply<T> reply) {
    if (reply.isError()) throw new StreamSqlException(ErrorCode.SQL_ERROR, reply.getError().getMessage());
    return reply.getValue();
  }

  static <T> T await(CompletionStage<T> stage, String what) {
    return EntityAsks.await(stage, what);
  }

}
