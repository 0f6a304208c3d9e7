package io.streamsql.http.pipelines;

import com.typesafe.config.Config;
import io.streamsql.cluster.StreamSqlNode;
import io.streamsql.cluster.pipelines.CompletionToken;
import io.streamsql.cluster.pipelines.PipelineService;
import io.streamsql.cluster.sql.InsertTarget;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.pipeline.ingress.ChangeDecoder;
import io.streamsql.core.pipeline.ingress.ColumnSpec;
import io.streamsql.core.pipeline.ingress.IngressFormat;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.http.JsonResponses;
import io.streamsql.http.RouteSupport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;

/**
 * Feldera's {@code POST /v0/pipelines/{p}/ingress/{table}?format=json|csv&array=&update_format=&force=}:
 * the body's changes go into the table as they arrive; the answer, once all of them are persisted,
 * is a completion token. A bad record answers 400 naming it, after the records before it were
 * ingested (the error's details say how many, with a token for them).
 */
public final class PipelineIngressRoute extends RouteSupport {
  /** The pipeline program and table a request writes to, with the table's columns for the decoder. */
  private record Resolved(PipelineService.Active active, InsertTarget target, List<ColumnSpec> columns) {}

  private final StreamSqlNode node;
  private final PipelineService pipelines;
  private final Executor blocking;
  private final int maxRecordBytes;
  private final int maxRecordsPerAppend;
  private final int appendsInFlight;
  private final long maxWeight;
  private final long maxBodyBytes;

  public PipelineIngressRoute(StreamSqlNode node, Config http) {
    this.node = node;
    this.pipelines = node.pipelines();
    this.blocking = node.system().dispatchers().lookup(DispatcherSelector.blocking());
    this.maxRecordBytes = (int) Math.min(Integer.MAX_VALUE, http.getBytes("max-record-bytes"));
    this.maxRecordsPerAppend = http.getInt("pipeline-ingress.max-records-per-append");
    this.appendsInFlight = http.getInt("pipeline-ingress.appends-in-flight");
    this.maxWeight = http.getLong("pipeline-ingress.max-weight");
    this.maxBodyBytes = http.getBytes("max-body-bytes");
  }

  public Route route() {
    return pathPrefix("v0", () -> pathPrefix("pipelines", () -> pathPrefix(PathMatchers.segment(), pipeline ->
        pathPrefix("ingress", () -> path(PathMatchers.segment(), table -> post(() ->
            parameterOptional("format", format -> parameterOptional("update_format", update -> parameterOptional("array", array ->
                parameterOptional("force", force -> extractRequestEntity(entity -> extractMaterializer(mat -> respond(() ->
                    ingest(pipeline, table, format, update, array, force, entity, mat))))))))))))));
  }

  private CompletionStage<HttpResponse> ingest(String pipeline, String table, Optional<String> format, Optional<String> update,
      Optional<String> array, Optional<String> force, RequestEntity entity, Materializer mat) {
    IngressFormat ingressFormat;
    boolean forced;
    try {
      ingressFormat = IngressFormat.of(format.orElse(null), update.orElse(null), array.orElse(null));
      forced = flag("force", force.orElse(null));
    } catch (StreamSqlException e) {
      entity.discardBytes(mat);
      throw e;
    }
    return pipelines.active(pipeline, forced)
        .thenApplyAsync(active -> {
          InsertTarget target = pipelines.table(active, table);
          List<ColumnSpec> columns = active.engine().source(target.name()).allColumns().stream()
              .map((Serde.Column c) -> new ColumnSpec(c.name(), c.type())).toList();
          return new Resolved(active, target, columns);
        }, blocking)
        .whenComplete((resolved, failure) -> {
          if (failure != null) entity.discardBytes(mat);
        })
        .thenCompose(resolved -> {
          PipelineService.Active active = resolved.active();
          InsertTarget target = resolved.target();
          List<ColumnSpec> columns = resolved.columns();
          IngressPipeline run = new IngressPipeline(target, node.logWriter(), () -> new ChangeDecoder(ingressFormat, columns, maxRecordBytes),
              maxRecordsPerAppend, appendsInFlight, maxWeight, maxBodyBytes);
          return run.run(entity.getDataBytes(), mat).thenApply(outcome -> {
            String token = new CompletionToken(pipeline, active.namespace(), Map.of(target.log(), outcome.nextOffsets())).encode();
            if (outcome.error() == null) return JsonResponses.ok(Map.of("token", token));
            StreamSqlException e = outcome.error();
            Map<String, Object> details = new LinkedHashMap<>(e.details());
            details.put("ingested_records", outcome.records());
            details.put("token", token);
            String message = e.getMessage() + " (the " + outcome.records() + " record" + (outcome.records() == 1 ? "" : "s")
                + " before it " + (outcome.records() == 1 ? "was" : "were") + " ingested)";
            return JsonResponses.error(new StreamSqlException(e.code(), message, details));
          });
        });
  }

  private static boolean flag(String name, String value) {
    if (value == null || value.isEmpty()) return false;
    if (value.equalsIgnoreCase("true")) return true;
    if (value.equalsIgnoreCase("false")) return false;
    throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Query parameter '" + name + "' must be true or false, not '" + value + "'",
        Map.of(name, value));
  }
}
