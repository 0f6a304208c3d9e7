package io.streamsql.cluster.sql;

import io.streamsql.cluster.streams.StreamService;
import io.streamsql.cluster.tables.TableService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.log.StreamName;
import io.streamsql.core.sql.CreateSource;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.table.TableDefinition;
import java.util.Locale;

/** The logs that ksqlDB topic names refer to in one namespace: looked up, created on demand (ksqlDB's PARTITIONS rule), deleted. */
final class TopicLogs {
  private final StreamService streams;
  private final TableService tables;
  private final String namespace;

  TopicLogs(StreamService streams, TableService tables, String namespace) {
    this.streams = streams;
    this.tables = tables;
    this.namespace = namespace;
  }

  /** The log a topic name refers to in this namespace. */
  String logName(String topic) {
    String name = namespace.isEmpty() ? topic : namespace + "." + topic;
    return StreamName.validate("topic", name);
  }

  /** The log of a topic: existing, or created when PARTITIONS says how many. */
  StreamDefinition ensure(String topic, int partitions, CreateSource.Kind kind) {
    StreamDefinition existing = existing(topic);
    return existing != null ? existing : create(topic, partitions, kind);
  }

  /** The log a topic names, or null. */
  StreamDefinition existing(String topic) {
    try {
      return SqlCatalog.await(streams.get(logName(topic)), "Looking up topic " + topic);
    } catch (StreamSqlException e) {
      if (e.code() != ErrorCode.STREAM_NOT_FOUND) throw e;
      return null;
    }
  }

  StreamDefinition create(String topic, int partitions, CreateSource.Kind kind) {
    String name = logName(topic);
    if (partitions <= 0) {
      throw SqlEngine.sqlError("Topic '" + topic + "' does not exist. If you want to create a new topic for the "
          + kind.name().toLowerCase(Locale.ROOT) + " please re-run the statement providing the required 'PARTITIONS' configuration "
          + "in the WITH clause (and optionally 'REPLICAS'). For example: CREATE " + kind + " ... WITH (KAFKA_TOPIC='" + topic
          + "', PARTITIONS=2, ...);");
    }
    try {
      return SqlCatalog.await(streams.create(name, partitions, null), "Creating topic " + topic);
    } catch (StreamSqlException e) {
      if (e.code() != ErrorCode.STREAM_ALREADY_EXISTS) throw e;
      return SqlCatalog.await(streams.get(name), "Looking up topic " + topic);
    }
  }

  /** The dynamic (mutable) table of the tables API a topic names, or null. */
  TableDefinition dynamicTable(String topic) {
    try {
      TableDefinition def = SqlCatalog.await(tables.get(logName(topic)), "Looking up table " + topic);
      return def.immutable() ? null : def;
    } catch (StreamSqlException e) {
      if (e.code() == ErrorCode.TABLE_NOT_FOUND) return null;
      throw e;
    }
  }

  /** The immutable (versioned) table of the tables API a topic names, or null. */
  TableDefinition immutableTable(String topic) {
    try {
      TableDefinition def = SqlCatalog.await(tables.get(logName(topic)), "Looking up table " + topic);
      return def.immutable() ? def : null;
    } catch (StreamSqlException e) {
      if (e.code() == ErrorCode.TABLE_NOT_FOUND) return null;
      throw e;
    }
  }

  /** The newest sealed version of an immutable table. */
  int latestVersion(String table) {
    return SqlCatalog.await(tables.get(table), "Looking up table " + table).latestVersion();
  }

  void delete(String log, String what) {
    SqlCatalog.await(streams.delete(log), what);
  }

  java.util.List<StreamDefinition> all() {
    return SqlCatalog.await(streams.list(), "Listing topics");
  }

  String prefix() {
    return namespace.isEmpty() ? "" : namespace + ".";
  }
}
