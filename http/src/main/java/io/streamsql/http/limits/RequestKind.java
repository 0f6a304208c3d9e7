package io.streamsql.http.limits;

import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/** What a request costs a node while it lasts, as far as admission is concerned. */
enum RequestKind {
  /**
   * Holds a response open for as long as the client wants and buffers live records for it: a
   * follow read, a topic read (long poll), a push or pull query over /query-stream or /query, a
   * pipeline egress. Pull queries are counted too: they are short, and telling them from push
   * queries would mean parsing their SQL here.
   */
  LIVE_READER,
  /** Streams a request body into appends (its body did not arrive in one piece). */
  UPLOAD,
  /** Everything else: small requests whose memory is bounded by their size limits. */
  OTHER;

  static RequestKind of(HttpRequest request) {
    String path = request.getUri().path();
    boolean get = request.method().equals(HttpMethods.GET);
    boolean post = request.method().equals(HttpMethods.POST);
    if (get && request.getUri().query().get("follow").map("true"::equalsIgnoreCase).orElse(false)) return LIVE_READER;
    if (get && path.startsWith("/v1/topics/") && path.endsWith("/records")) return LIVE_READER;
    if (post && (path.equals("/query-stream") || path.equals("/query"))) return LIVE_READER;
    if (post && path.startsWith("/v0/pipelines/") && path.contains("/egress/")) return LIVE_READER;
    boolean carriesBody = post || request.method().equals(HttpMethods.PUT) || request.method().equals(HttpMethods.PATCH);
    if (carriesBody && !request.entity().isStrict()) return UPLOAD;
    return OTHER;
  }
}
