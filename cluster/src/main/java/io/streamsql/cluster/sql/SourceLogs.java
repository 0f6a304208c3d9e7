package io.streamsql.cluster.sql;

/**
 * What a SQL source reads: a stream's log (its name), or the changelog of a dynamic table from
 * the tables API ({@code table:<name>}; stream names cannot contain ':'), or a sealed version of an
 * immutable table of the tables API ({@code table:<name>@<version>}).
 */
public final class SourceLogs {
  private static final String TABLE = "table:";

  private SourceLogs() {}

  public static boolean isTable(String log) {
    return log.startsWith(TABLE);
  }

  public static String tableName(String log) {
    int at = log.indexOf('@');
    return log.substring(TABLE.length(), at < 0 ? log.length() : at);
  }

  /** A sealed version of an immutable table ({@code table:<name>@<version>}, or {@code @latest}: the newest when a query starts). */
  static String ofVersion(String table, String version) {
    return TABLE + table + "@" + version;
  }

  public static boolean isVersion(String log) {
    return isTable(log) && log.indexOf('@') > 0;
  }

  static String version(String log) {
    return log.substring(log.indexOf('@') + 1);
  }

  static String ofTable(String table) {
    return TABLE + table;
  }

  /** The partitioned log a source reads: a stream's log, or a dynamic table's changelog. */
  public static java.util.concurrent.CompletionStage<io.streamsql.cluster.streams.LogReader.LogSource> open(
      String log, io.streamsql.cluster.streams.StreamService streams, io.streamsql.cluster.tables.TableService tables,
      io.streamsql.cluster.streams.LogReader reader) {
    return isTable(log)
        ? tables.get(tableName(log)).thenApply(tables::changelog)
        : streams.get(log).thenApply(reader::source);
  }
}
