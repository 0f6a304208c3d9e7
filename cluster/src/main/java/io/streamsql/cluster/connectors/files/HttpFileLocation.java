package io.streamsql.cluster.connectors.files;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** A file served over HTTP(S), read with the JDK's HttpClient. */
record HttpFileLocation(String path, URI uri) implements FileLocation {
  /** One client for all downloads: it pools connections and is thread-safe. */
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(30);

  static HttpFileLocation of(String path, URI uri) {
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw PathErrors.invalid(path, "an HTTP URL needs a host");
    }
    return new HttpFileLocation(path, uri);
  }

  @Override
  public long size() {
    HttpRequest head = HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(HEAD_TIMEOUT).build();
    HttpResponse<Void> response = send(head, HttpResponse.BodyHandlers.discarding());
    int status = response.statusCode();
    if (status == 404 || status == 410) {
      throw PathErrors.notFound(path);
    }
    if (status / 100 != 2) {
      // A server that refuses HEAD (405, 501) may still serve GET; its size is just unknown.
      return -1;
    }
    return response.headers().firstValueAsLong("content-length").orElse(-1);
  }

  @Override
  public InputStream open() {
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    int status = response.statusCode();
    if (status / 100 == 2) {
      return response.body();
    }
    closeQuietly(response.body());
    if (status == 404 || status == 410) {
      throw PathErrors.notFound(path);
    }
    throw PathErrors.unreadable(path, "the server answered HTTP " + status, null);
  }

  @Override
  public CloseableInputFile parquetInput(Path spoolDir) {
    Path copy;
    try {
      Files.createDirectories(spoolDir);
      copy = Files.createTempFile(spoolDir, "download-", ".parquet");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a file in the spool directory " + spoolDir, e);
    }
    try (InputStream body = open()) {
      Files.copy(body, copy, StandardCopyOption.REPLACE_EXISTING);
      return new SpooledInputFile(copy);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(copy);
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw PathErrors.unreadable(path, "the download failed: " + e, e);
    }
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return CLIENT.send(request, handler);
    } catch (IOException e) {
      throw PathErrors.unreadable(path, e.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PathErrors.unreadable(path, "interrupted", e);
    }
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException ignored) {
      // The error status is what the caller needs to hear about.
    }
  }

  private static void deleteQuietly(Path copy) {
    try {
      Files.deleteIfExists(copy);
    } catch (IOException ignored) {
      // Left for the spool directory's cleanup; the download error matters more.
    }
  }
}
