package io.streamsql.http.limits;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.http.JsonResponses;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission control of one node: uploads and live readers beyond their limits, and uploads while
 * the heap is nearly full after GC, are answered 429 / 503 with {@code Retry-After} before any of
 * their work starts, so load beyond what the node was sized for cannot take it out of memory.
 * A permit is held until the response has been sent completely (a live read's stream ends), so it
 * counts what the node really holds.
 */
public final class OverloadGuard extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(OverloadGuard.class);

  private final AdmissionLimits limits;
  private final Permits uploads;
  private final Permits liveReaders;
  private final HeapPressure heap;

  public OverloadGuard(AdmissionLimits limits) {
    this.limits = limits;
    this.uploads = new Permits(limits.maxUploads());
    this.liveReaders = new Permits(limits.maxLiveReaders());
    this.heap = new HeapPressure(limits.heapThreshold());
    log.info("Admission limits: {} uploads, {} live readers, heap guard on pool '{}' at {}",
        limits.maxUploads(), limits.maxLiveReaders(), heap.poolName(), limits.heapThreshold());
  }

  /** The route guarded; it must answer every request itself (exceptions and rejections handled). */
  public Route guard(Route inner) {
    return extractRequest(request -> {
      RequestKind kind = RequestKind.of(request);
      if (kind == RequestKind.OTHER) return inner;
      if (kind == RequestKind.UPLOAD && heap.high()) {
        return refuse(ErrorCode.OVERLOADED, "The server's heap is nearly full; retry the upload later");
      }
      Permits permits = kind == RequestKind.UPLOAD ? uploads : liveReaders;
      if (!permits.tryAcquire()) {
        return refuse(ErrorCode.TOO_MANY_REQUESTS, kind == RequestKind.UPLOAD
            ? "Too many concurrent uploads on this server (limit " + limits.maxUploads() + "); retry later"
            : "Too many live readers on this server (limit " + limits.maxLiveReaders() + "); retry later");
      }
      return mapResponse(response -> releasedWhenSent(response, permits), () -> inner);
    });
  }

  int uploadsInProgress() {
    return uploads.inUse();
  }

  int liveReadersInProgress() {
    return liveReaders.inUse();
  }

  private Route refuse(ErrorCode code, String message) {
    // The unread body is drained, not buffered, so the client can read this answer on a kept-alive connection.
    return extractRequest(request -> extractMaterializer(mat -> {
      request.discardEntityBytes(mat);
      return complete(JsonResponses.error(code, message).addHeader(RetryAfter.create(limits.retryAfterSeconds())));
    }));
  }

  private static HttpResponse releasedWhenSent(HttpResponse response, Permits permits) {
    if (response.entity().isStrict()) {
      permits.release();
      return response;
    }
    Flow<ByteString, ByteString, Object> watched = Flow.<ByteString>create().watchTermination((mat, done) -> {
      done.whenComplete((ok, error) -> permits.release());
      return mat;
    });
    org.apache.pekko.http.scaladsl.model.ResponseEntity entity =
        (org.apache.pekko.http.scaladsl.model.ResponseEntity) response.entity();
    return response.withEntity(entity.transformDataBytes(watched.asScala()));
  }
}
