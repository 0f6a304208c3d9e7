package io.streamsql.http.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps a request's method and path to the {@link Access} it needs. Reading methods need
 * {@code read}, the others {@code write}, {@code /v1/admin} needs {@code admin}; a few POSTs only
 * read (queries, pipeline egress) and are classified as reads.
 */
public final class AccessClassifier {
  private static final Set<String> READING_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  /** ksqlDB endpoints whose POSTs only run queries or close them. */
  private static final Set<String> QUERY_ENDPOINTS = Set.of("query", "query-stream", "close-query");

  private AccessClassifier() {}

  public static Access classify(String method, String path) {
    List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    return classify(method, segments);
  }

  public static Access classify(String method, List<String> segments) {
    if (segments.size() == 1 && (segments.get(0).equals("healthz") || segments.get(0).equals("readyz"))) return Access.PUBLIC;
    // Dot segments could make a router and this classifier disagree about the target: only admins may send them.
    if (segments.contains("..") || segments.contains(".")) return new Access(Role.ADMIN, null);
    Role base = READING_METHODS.contains(method.toUpperCase(Locale.ROOT)) ? Role.READ : Role.WRITE;
    if (segments.isEmpty()) return new Access(base, null);
    String first = segments.get(0);
    if (QUERY_ENDPOINTS.contains(first)) return new Access(Role.READ, null);
    if (segments.size() < 2) return new Access(base, null);
    String version = first;
    String kind = segments.get(1);
    if (version.equals("v1") && kind.equals("admin")) return new Access(Role.ADMIN, null);
    String name = segments.size() > 2 ? segments.get(2) : null;
    if (version.equals("v1") && (kind.equals("streams") || kind.equals("tables") || kind.equals("topics"))) {
      return new Access(base, name);
    }
    if (version.equals("v0") && kind.equals("pipelines")) {
      String action = segments.size() > 3 ? segments.get(3) : "";
      // The ad hoc query and egress read the pipeline's views, whatever the method.
      boolean reads = action.equals("query") || action.equals("egress");
      return new Access(reads ? Role.READ : base, name);
    }
    if (version.equals("v1") && kind.equals("connectors") && segments.size() > 3 && segments.get(2).equals("files")) {
      // A file connector's name is the name of the table it loads.
      return new Access(base, segments.get(3));
    }
    return new Access(base, null);
  }
}
