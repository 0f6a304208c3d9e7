package io.streamsql.core.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's ksqlDB-dialect statements for program tables and views. Each gets a topic of its
 * own name with the pipeline's partition count, and JSON records. A keyed table lists its key
 * columns first, in PRIMARY KEY order, as the engine orders a source's columns (key first)
 * anyway and so its key has the order the program gave.
 */
final class EngineStatements {
  private EngineStatements() {}

  static String createTable(ProgramTable table, int partitions) {
    List<String> columns = new ArrayList<>();
    for (String key : table.primaryKey()) {
      ProgramColumn c = table.columns().stream().filter(col -> col.name().equals(key)).findFirst().orElseThrow();
      columns.add(EngineNames.identifier(c.name()) + " " + c.engineType() + " PRIMARY KEY");
    }
    for (ProgramColumn c : table.columns()) {
      if (!table.primaryKey().contains(c.name())) columns.add(EngineNames.identifier(c.name()) + " " + c.engineType());
    }
    String with = "KAFKA_TOPIC=" + EngineNames.string(table.name()) + ", PARTITIONS=" + partitions
        + (table.keyed() ? ", KEY_FORMAT='JSON'" : "") + ", VALUE_FORMAT='JSON'";
    return "CREATE " + (table.keyed() ? "TABLE " : "STREAM ") + EngineNames.identifier(table.name())
        + " (" + String.join(", ", columns) + ") WITH (" + with + ")";
  }

  static String createView(String name, boolean table, String select, int partitions) {
    return "CREATE " + (table ? "TABLE " : "STREAM ") + EngineNames.identifier(name)
        + " WITH (KAFKA_TOPIC=" + EngineNames.string(name) + ", PARTITIONS=" + partitions + ") AS " + select;
  }
}
