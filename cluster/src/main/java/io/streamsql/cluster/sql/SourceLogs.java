package io.streamsql.cluster.sql;

/**
 * What a SQL source reads: a stream's log (its name), or the changelog of a dynamic table from
 * the tables API ({@code table:<name>}; stream names cannot contain ':').
 */
final class SourceLogs {
  private static final String TABLE = "table:";

  private SourceLogs() {}

  static boolean isTable(String log) {
    return log.startsWith(TABLE);
  }

  static String tableName(String log) {
    return log.substring(TABLE.length());
  }

  static String ofTable(String table) {
    return TABLE + table;
  }
}
