package io.streamsql.cluster.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.sql.SqlEngine;
import io.streamsql.cluster.sql.SqlStatementException;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import io.streamsql.core.pipeline.PipelineProgram;
import io.streamsql.core.pipeline.ProgramException;
import io.streamsql.core.pipeline.ProgramStatement;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.Pipeline;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.ProgramError;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlQuery;
import io.streamsql.persistence.sql.SqlSource;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a pipeline's program into running SQL objects: each program version is compiled into the
 * engine's statements and executed in a SQL namespace of its own ({@link #namespace}), so the
 * version deployed before keeps serving until this one is complete. A program that fails part way
 * leaves nothing behind. Blocking: run it off the HTTP threads.
 */
final class PipelineDeployer {
  private static final Logger log = LoggerFactory.getLogger(PipelineDeployer.class);
  private static final int MAX_PARTITIONS = 64;

  /** What deploying a program version came to. */
  sealed interface Outcome {}

  record Deployed(String namespace) implements Outcome {}

  record Failed(ProgramError error) implements Outcome {}

  private final Function<String, SqlEngine> engines;
  private final int defaultPartitions;

  PipelineDeployer(Function<String, SqlEngine> engines, int defaultPartitions) {
    this.engines = engines;
    this.defaultPartitions = defaultPartitions;
  }

  /** The SQL namespace of one program version of a pipeline (its logs are named {@code <namespace>.<TABLE>}). */
  static String namespace(String pipeline, long programVersion) {
    return "pl." + pipeline + ".v" + programVersion;
  }

  Outcome deploy(Pipeline pipeline) {
    String namespace = namespace(pipeline.name(), pipeline.programVersion());
    PipelineProgram program;
    try {
      program = PipelineProgram.compile(pipeline.programCode(), partitions(pipeline.runtimeConfig()));
    } catch (ProgramException e) {
      return new Failed(new ProgramError(e.getMessage(), e.line(), e.column()));
    }
    // A deployment cut short (the node died) may have left objects: start from nothing.
    teardown(namespace);
    SqlEngine engine = engines.apply(namespace);
    for (ProgramStatement statement : program.statements()) {
      try {
        engine.execute(statement.engineSql(), Map.of(), Map.of());
      } catch (SqlStatementException | StreamSqlException e) {
        teardown(namespace);
        String why = e instanceof SqlStatementException failed ? failed.error().getMessage() : e.getMessage();
        return new Failed(new ProgramError("Error in the statement at line " + statement.line() + ", column " + statement.column()
            + " (" + statement.name() + "): " + why, statement.line(), statement.column()));
      }
    }
    return new Deployed(namespace);
  }

  /** The partitions of each table and view: Feldera's {@code runtime_config.workers}, else the configured default. */
  int partitions(String runtimeConfig) {
    if (runtimeConfig == null || runtimeConfig.isBlank()) return defaultPartitions;
    try {
      JsonNode workers = Json.MAPPER.readTree(runtimeConfig).path("workers");
      if (workers.canConvertToInt() && workers.intValue() > 0) return Math.min(MAX_PARTITIONS, workers.intValue());
    } catch (java.io.IOException | RuntimeException e) {
      // The route checked the runtime config is JSON; anything else falls back to the default.
    }
    return defaultPartitions;
  }

  /** Terminates every query of a namespace, then drops its sources with their logs. Idempotent. */
  void teardown(String namespace) {
    SqlEngine engine = engines.apply(namespace);
    SqlCatalogEntity.State state = engine.catalogState();
    for (SqlQuery q : state.queries().values()) {
      engine.execute("TERMINATE " + q.id() + ";", Map.of(), Map.of());
    }
    for (SqlSource s : engine.catalogState().sources().values()) {
      String kind = "TABLE".equals(s.kind()) ? "TABLE" : "STREAM";
      try {
        engine.execute("DROP " + kind + " IF EXISTS `" + s.name().replace("`", "``") + "` DELETE TOPIC;", Map.of(), Map.of());
      } catch (RuntimeException e) {
        log.warn("Could not drop {} of namespace {}: {}", s.name(), namespace, e.getMessage());
      }
    }
  }
}
