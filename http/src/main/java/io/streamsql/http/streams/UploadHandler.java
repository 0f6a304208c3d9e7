package io.streamsql.http.streams;

import io.streamsql.cluster.streams.UploadItem;
import io.streamsql.core.format.EventFormat;
import io.streamsql.http.JsonResponses;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The shared shape of every streamed upload: look up the target, parse the body as it arrives
 * (within the record and body limits) and hand the records to the target; any failure becomes
 * the error shape and the unread body is discarded.
 */
public final class UploadHandler {
  private final int maxRecordBytes;
  private final long maxBodyBytes;

  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  public UploadHandler(int maxRecordBytes, long maxBodyBytes) {
    this.maxRecordBytes = maxRecordBytes;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * @param lookup finds the target (a stream or table definition), failing when it does not exist
   * @param keyField the field that keys records of that target, or null
   * @param consume appends the records and builds the response
   */
  public <D> CompletionStage<HttpResponse> upload(
      RequestEntity entity, Materializer mat, Optional<String> format, Supplier<CompletionStage<D>> lookup,
      Function<D, String> keyField, BiFunction<D, Source<UploadItem, NotUsed>, CompletionStage<HttpResponse>> consume) {
    EventFormat fmt;
    try {
      fmt = EventFormat.parse(format.orElse(null));
    } catch (RuntimeException e) {
      entity.discardBytes(mat);
      return CompletableFuture.completedFuture(JsonResponses.error(e));
    }
    return uploadWith(entity, mat, lookup, def -> () -> fmt.newReader(keyField.apply(def), maxRecordBytes), consume);
  }

  /** As {@link #upload}, with the reader chosen per target. */
  public <D> CompletionStage<HttpResponse> uploadWith(
      RequestEntity entity, Materializer mat, Supplier<CompletionStage<D>> lookup,
      Function<D, Supplier<io.streamsql.core.format.RecordReader>> readers,
      BiFunction<D, Source<UploadItem, NotUsed>, CompletionStage<HttpResponse>> consume) {
    try {
      return lookup.get()
          .thenCompose(def -> consume.apply(def, UploadParsing.items(
              entity.withSizeLimit(maxBodyBytes).getDataBytes(), readers.apply(def), maxBodyBytes)))
          .handle((response, error) -> {
            if (error == null) return response;
            entity.discardBytes(mat);
            return JsonResponses.error(error);
          });
    } catch (RuntimeException e) {
      entity.discardBytes(mat);
      return CompletableFuture.completedFuture(JsonResponses.error(e));
    }
  }
}
