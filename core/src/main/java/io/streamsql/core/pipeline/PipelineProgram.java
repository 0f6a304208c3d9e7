package io.streamsql.core.pipeline;

import java.util.List;

/**
 * A Feldera-style SQL program (CREATE TABLE and CREATE [MATERIALIZED] VIEW statements) translated
 * into statements of the engine's ksqlDB dialect, with what each declares. Tables with a primary
 * key become engine TABLEs, tables without one (multisets) STREAMs; views become CREATE TABLE|STREAM
 * … AS SELECT, a TABLE when their result is a changelog.
 */
public record PipelineProgram(List<ProgramStatement> statements, List<ProgramTable> tables, List<ProgramView> views) {
  public PipelineProgram {
    statements = List.copyOf(statements);
    tables = List.copyOf(tables);
    views = List.copyOf(views);
  }

  /**
   * Translates {@code programCode}; each table and view gets a topic of {@code partitions}
   * partitions. Throws {@link ProgramException} at the program's line and column of the first error.
   */
  public static PipelineProgram compile(String programCode, int partitions) {
    return ProgramCompiler.compile(programCode, partitions);
  }
}
