package io.streamsql.core.pipeline;

import java.util.List;

/**
 * A {@code CREATE [MATERIALIZED|LOCAL] VIEW} of a program. {@code table} says whether the engine
 * runs it as a TABLE (changelog: GROUP BY, or reading only tables) or a STREAM; {@code sources}
 * are the names it reads, as stored, first the FROM source then each joined one.
 */
public record ProgramView(String name, boolean materialized, boolean table, List<String> sources) {
  public ProgramView {
    sources = List.copyOf(sources);
  }
}
