package io.streamsql.http.observe;

import java.util.List;

/**
 * Names the route a request path belongs to with its template ({@code /v1/streams/{name}/events}),
 * the one label metrics and access logs use: raw paths carry stream names, keys and ids, and a
 * label per value would grow without bound. A path no route serves is {@value #UNMATCHED}.
 */
public final class RouteTemplates {
  public static final String UNMATCHED = "unmatched";

  /** Every route of ApiRoutes; {@code {x}} stands for one segment, a trailing {@code {x...}} for the rest. */
  private static final List<String> TEMPLATES = List.of(
      "/healthz", "/readyz", "/metrics",
      "/healthcheck", "/clusterStatus", "/info", "/status", "/status/{command_id...}",
      "/ksql", "/ksql/terminate", "/query", "/query-stream", "/close-query", "/inserts-stream",
      "/v1/streams", "/v1/streams/{name}", "/v1/streams/{name}/events",
      "/v1/topics", "/v1/topics/{name}/records",
      "/v1/tables", "/v1/tables/{name}", "/v1/tables/{name}/rows", "/v1/tables/{name}/rows/{key}",
      "/v1/tables/{name}/versions", "/v1/tables/{name}/changes",
      "/v1/connectors/files", "/v1/connectors/files/{name}", "/v1/connectors/files/{name}/uploads",
      "/v1/connectors/files/{name}/uploads/{upload_id}", "/v1/connectors/files/{name}/uploads/{upload_id}/complete",
      "/v1/connectors/files/{name}/uploads/{upload_id}/parts/{part}",
      "/v1/connectors/kafka", "/v1/connectors/kafka/{name}", "/v1/connectors/kafka/{name}/pause",
      "/v1/connectors/kafka/{name}/resume",
      "/v1/connectors/kafka-sinks", "/v1/connectors/kafka-sinks/{name}", "/v1/connectors/kafka-sinks/{name}/pause",
      "/v1/connectors/kafka-sinks/{name}/resume",
      "/v0/pipelines", "/v0/pipelines/{name}", "/v0/pipelines/{name}/start", "/v0/pipelines/{name}/pause",
      "/v0/pipelines/{name}/stop", "/v0/pipelines/{name}/shutdown", "/v0/pipelines/{name}/completion_token",
      "/v0/pipelines/{name}/completion_status", "/v0/pipelines/{name}/query",
      "/v0/pipelines/{name}/ingress/{table}", "/v0/pipelines/{name}/egress/{view}");

  private static final List<String[]> PARSED = TEMPLATES.stream().map(RouteTemplates::segments).toList();

  private RouteTemplates() {}

  /** The template of the route serving {@code path} (the URI path, without query). */
  public static String of(String path) {
    String[] segments = segments(path);
    for (int t = 0; t < PARSED.size(); t++) {
      if (matches(PARSED.get(t), segments)) return TEMPLATES.get(t);
    }
    return UNMATCHED;
  }

  private static boolean matches(String[] template, String[] path) {
    boolean greedy = template.length > 0 && template[template.length - 1].endsWith("...}");
    if (greedy ? path.length < template.length : path.length != template.length) return false;
    for (int i = 0; i < template.length; i++) {
      boolean placeholder = template[i].startsWith("{");
      if (placeholder ? path[i].isEmpty() : !template[i].equals(path[i])) return false;
    }
    return true;
  }

  /** Segments of a path; one trailing slash is ignored, as the routes do. */
  private static String[] segments(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}
