package io.streamsql.http.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsql.core.format.Json;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.Lifecycle;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.Pipeline;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.ProgramStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/** A pipeline as {@code /v0/pipelines} shows it: Feldera's field names, plus one summary {@code status}. */
final class PipelineJson {
  private PipelineJson() {}

  static ObjectNode of(Pipeline p) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("name", p.name());
    out.put("description", p.description());
    out.put("program_code", p.programCode());
    out.set("runtime_config", runtimeConfig(p.runtimeConfig()));
    out.put("program_version", p.programVersion());
    out.put("program_status", switch (p.programStatus()) {
      case PENDING -> "Pending";
      case SUCCESS -> "Success";
      case SQL_ERROR -> "SqlError";
    });
    if (p.programError() != null) {
      ObjectNode error = out.putObject("program_error");
      error.put("message", p.programError().message());
      error.put("line", p.programError().line());
      error.put("column", p.programError().column());
    } else {
      out.putNull("program_error");
    }
    if (p.deployed() != null) out.put("deployed_program_version", p.deployed().programVersion());
    else out.putNull("deployed_program_version");
    out.put("deployment_status", p.deployed() == null ? "Stopped" : switch (p.lifecycle()) {
      case RUNNING -> "Running";
      case PAUSED -> "Paused";
      case STOPPED -> "Stopped";
    });
    out.put("status", status(p));
    out.put("created_at", Instant.ofEpochMilli(p.createdAt()).toString());
    out.put("updated_at", Instant.ofEpochMilli(p.updatedAt()).toString());
    return out;
  }

  /**
   * compiling (a new program is being deployed), failed (the newest program has errors and none
   * runs), else the lifecycle: running, paused, stopped.
   */
  static String status(Pipeline p) {
    if (p.programStatus() == ProgramStatus.PENDING) return "compiling";
    if (p.programStatus() == ProgramStatus.SQL_ERROR && p.deployed() == null) return "failed";
    Lifecycle l = p.deployed() == null ? Lifecycle.STOPPED : p.lifecycle();
    return l.name().toLowerCase(Locale.ROOT);
  }

  private static JsonNode runtimeConfig(String text) {
    try {
      JsonNode node = Json.MAPPER.readTree(text == null || text.isBlank() ? "{}" : text);
      return node == null ? Json.MAPPER.createObjectNode() : node;
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }
}
