package io.streamsql.http.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.cluster.pipelines.PipelineService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.http.JsonResponses;
import io.streamsql.http.RouteSupport;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.Lifecycle;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * Feldera's pipeline management: {@code /v0/pipelines} (list, create), {@code /v0/pipelines/{name}}
 * (read, create or replace, delete), {@code …/start|pause|stop}, and completion tokens
 * ({@code …/completion_token}, {@code …/completion_status}).
 */
public final class PipelinesRoute extends RouteSupport {
  private static final Set<String> FIELDS = Set.of("name", "description", "program_code", "runtime_config", "program_config", "udf_rust",
      "udf_toml");
  private static final String EXAMPLE = "{\"name\": \"p1\", \"program_code\": \"CREATE TABLE t (id INT NOT NULL PRIMARY KEY, name VARCHAR);\"}";

  private final PipelineService pipelines;

  public PipelinesRoute(PipelineService pipelines) {
    this.pipelines = pipelines;
  }

  public Route route() {
    return pathPrefix("v0", () -> pathPrefix("pipelines", () -> concat(
        pathEndOrSingleSlash(() -> concat(
            get(() -> respond(() -> pipelines.list().thenApply(all ->
                JsonResponses.ok(all.stream().map(PipelineJson::of).toList())))),
            post(() -> entity(Unmarshaller.entityToString(), body -> respond(() -> create(null, body)))))),
        pathPrefix(PathMatchers.segment(), name -> concat(
            pathEndOrSingleSlash(() -> concat(
                get(() -> respond(() -> pipelines.get(name).thenApply(p -> JsonResponses.ok(PipelineJson.of(p))))),
                put(() -> entity(Unmarshaller.entityToString(), body -> respond(() -> create(name, body)))),
                delete(() -> respond(() -> pipelines.delete(name).thenApply(p -> JsonResponses.ok(Map.of())))))),
            path("start", () -> post(() -> respond(() -> lifecycle(name, Lifecycle.RUNNING)))),
            path("pause", () -> post(() -> respond(() -> lifecycle(name, Lifecycle.PAUSED)))),
            path("stop", () -> post(() -> respond(() -> lifecycle(name, Lifecycle.STOPPED)))),
            path("shutdown", () -> post(() -> respond(() -> lifecycle(name, Lifecycle.STOPPED)))),
            path("completion_token", () -> post(() -> respond(() -> pipelines.tokenForAll(name)
                .thenApply(token -> JsonResponses.ok(Map.of("token", token.encode())))))),
            path("completion_status", () -> get(() -> parameterOptional("token", token -> respond(() -> {
              if (token.isEmpty() || token.get().isBlank()) {
                throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Missing query parameter 'token'");
              }
              return pipelines.isComplete(name, token.get()).thenApply(done ->
                  JsonResponses.ok(Map.of("status", done ? "complete" : "inprogress")));
            })))))))));
  }

  /** POST (name from the body, must be new) or PUT (name from the path; create or replace). */
  private CompletionStage<HttpResponse> create(String pathName, String body) {
    JsonNode json = jsonObject(body, FIELDS, EXAMPLE);
    String name = pathName;
    if (name == null) {
      if (!json.path("name").isTextual()) throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'name' is required, e.g. " + EXAMPLE);
      name = json.get("name").asText();
    } else if (json.has("name") && !name.equals(json.path("name").asText())) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "The name in the body ('" + json.path("name").asText()
          + "') differs from the name in the path ('" + name + "')");
    }
    JsonNode program = json.get("program_code");
    if (program == null || !program.isTextual()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'program_code' (the SQL program, a string) is required, e.g. " + EXAMPLE);
    }
    JsonNode description = json.path("description");
    JsonNode runtime = json.get("runtime_config");
    if (runtime != null && !runtime.isNull() && !runtime.isObject()) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Field 'runtime_config' must be a JSON object such as {\"workers\": 4}");
    }
    String runtimeText = runtime == null || runtime.isNull() ? "{}" : runtime.toString();
    boolean mustBeNew = pathName == null;
    String pipeline = name;
    // Feldera answers 201 for a new pipeline, 200 for a replaced one.
    return pipelines.get(pipeline).handle((existing, missing) -> existing == null)
        .thenCompose(isNew -> pipelines.put(pipeline, description.isTextual() ? description.asText() : "", program.asText(), runtimeText,
                mustBeNew)
            .thenApply(p -> JsonResponses.json(isNew ? 201 : 200, PipelineJson.of(p))));
  }

  private CompletionStage<HttpResponse> lifecycle(String name, Lifecycle lifecycle) {
    return pipelines.setLifecycle(name, lifecycle).thenApply(p -> JsonResponses.json(202, PipelineJson.of(p)));
  }
}
