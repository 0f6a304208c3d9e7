package io.streamsql.cluster.connectors.files;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Multi-part uploads of one file (a client splits a large local file, as Kumo's does): the parts
 * arrive in order and are appended to a spool file on this node's disk; completing the upload
 * loads the spool file as one file. Sessions live on the node that started them (a client sends
 * every part of an upload to the same address).
 */
public final class MultipartUploads {
  private final ActorSystem<?> system;
  private final Path spoolDir;
  private final Duration idleTimeout;
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

  /** One upload in progress: what it loads, where its bytes are, the next part it expects. */
  private static final class Upload {
    final FileLoadRequest request;
    final Path spool;
    int nextPart = 1;
    long bytes;
    boolean busy;
    long touchedAt = System.currentTimeMillis();

    Upload(FileLoadRequest request, Path spool) {
      this.request = request;
      this.spool = spool;
    }
  }

  public record Started(String uploadId) {}

  public record PartWritten(int part, long bytes, long totalBytes) {}

  public MultipartUploads(ActorSystem<?> system, Path spoolDir, Duration idleTimeout) {
    this.system = system;
    this.spoolDir = spoolDir;
    this.idleTimeout = idleTimeout;
    Duration sweep = idleTimeout.compareTo(Duration.ofMinutes(1)) < 0 ? idleTimeout : Duration.ofMinutes(1);
    system.scheduler().scheduleWithFixedDelay(sweep, sweep, this::abandonIdle, system.executionContext());
  }

  /**
   * Starts an upload. A declared {@code totalBytes} over 1 GB with {@code auto_partition=false}
   * is refused here, before any byte is sent.
   */
  public Started start(FileLoadRequest request, Long totalBytes) {
    if (totalBytes != null) request.checkSize(totalBytes);
    String id = UUID.randomUUID().toString();
    try {
      Files.createDirectories(spoolDir);
      Path spool = Files.createFile(spoolDir.resolve(id + ".part"));
      uploads.put(id, new Upload(request, spool));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the spool file of an upload in " + spoolDir, e);
    }
    return new Started(id);
  }

  /** Appends part {@code part}, which must be the next one; a failed part can be sent again. */
  public CompletionStage<PartWritten> part(String name, String id, int part, Source<ByteString, ?> bytes) {
    Upload u = claim(name, id);
    if (part != u.nextPart) {
      release(u);
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
          "Upload " + id + " expects part " + u.nextPart + " next, not part " + part, Map.of("expected_part", u.nextPart));
    }
    long before = u.bytes;
    return bytes.runWith(FileIO.toPath(u.spool, Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND)), system)
        .handle((IOResult result, Throwable failure) -> {
          try {
            if (failure != null) {
              truncate(u.spool, before);
              throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
            }
            u.bytes = before + result.count();
            if (u.bytes > FileLoadRequest.PARTITION_THRESHOLD_BYTES && !u.request.autoPartition()) {
              abandon(id);
              throw u.request.tooLarge(u.bytes);
            }
            u.nextPart++;
            return new PartWritten(part, result.count(), u.bytes);
          } finally {
            release(u);
          }
        });
  }

  /** Loads the parts received as one file, then forgets the upload. */
  public <T> CompletionStage<T> complete(String name, String id, BiFunction<FileLoadRequest, Path, CompletionStage<T>> load) {
    Upload u = claim(name, id);
    if (u.nextPart == 1) {
      release(u);
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Upload " + id + " has no part yet", Map.of());
    }
    CompletionStage<T> loaded;
    try {
      loaded = load.apply(u.request, u.spool);
    } catch (RuntimeException e) {
      loaded = CompletableFuture.failedFuture(e);
    }
    return loaded.whenComplete((table, failure) -> abandon(id));
  }

  public void abort(String name, String id) {
    claim(name, id);
    abandon(id);
  }

  private synchronized Upload claim(String name, String id) {
    Upload u = uploads.get(id);
    if (u == null || !u.request.name().equals(name)) {
      throw new StreamSqlException(ErrorCode.UPLOAD_NOT_FOUND,
          "File table '" + name + "' has no upload " + id + " in progress on this node (finished, abandoned, or started elsewhere)",
          Map.of("upload_id", id));
    }
    if (u.busy) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Upload " + id + " is already receiving a part; send parts one at a time",
          Map.of("upload_id", id));
    }
    u.busy = true;
    u.touchedAt = System.currentTimeMillis();
    return u;
  }

  private synchronized void release(Upload u) {
    u.busy = false;
    u.touchedAt = System.currentTimeMillis();
  }

  private void abandon(String id) {
    Upload u = uploads.remove(id);
    if (u == null) return;
    try {
      Files.deleteIfExists(u.spool);
    } catch (IOException e) {
      system.log().warn("Could not delete the spool file {}: {}", u.spool, e.toString());
    }
  }

  private void abandonIdle() {
    long cutoff = System.currentTimeMillis() - idleTimeout.toMillis();
    uploads.forEach((id, u) -> {
      if (!u.busy && u.touchedAt < cutoff) abandon(id);
    });
  }

  private static void truncate(Path file, long size) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
