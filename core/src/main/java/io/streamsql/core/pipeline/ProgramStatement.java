package io.streamsql.core.pipeline;

/**
 * One statement of a program translated for the engine: the ksqlDB-dialect SQL to run, where the
 * statement starts in the program (1-based line and column, for errors the engine reports while
 * running it), and the name of what it creates.
 */
public record ProgramStatement(String engineSql, int line, int column, String name, Kind kind) {
  public enum Kind { TABLE, VIEW }
}
