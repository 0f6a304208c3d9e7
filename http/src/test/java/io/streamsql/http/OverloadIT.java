package io.streamsql.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A node with a small heap under more uploads and live readers than its limits admit: it stays up,
 * refuses the excess with 429/503 and Retry-After, and keeps every record it acknowledged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverloadIT {
  static final int MAX_UPLOADS = 16;
  static final int MAX_READERS = 100;
  static final int RECORDS_PER_UPLOAD = 20_000; // ~2.3 MB of NDJSON each
  private static final Pattern ID = Pattern.compile("\"id\":\"u(\\d+)-(\\d+)\"");

  private ServerProcess server;
  // HTTP/1.1 throughout: the JDK client's h2c upgrade adds nothing here but another way to fail.
  private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  void start() throws Exception {
    server = new ServerProcess("overload", 19300, 26300, null, "384m").withJvmOptions(
        "-Dstreamsql.http.limits.max-concurrent-uploads=" + MAX_UPLOADS,
        "-Dstreamsql.http.limits.max-live-readers=" + MAX_READERS,
        // 200 uploads' kept-alive connections plus 1,000 readers exceed the default 1,024.
        "-Dpekko.http.server.max-connections=4096").start();
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) server.close();
  }

  @Test
  void concurrentUploadsBeyondTheLimitAreRefusedWithRetryAfterAndEveryAcknowledgedRecordIsStoredOnce() throws Exception {
    String stream = createStream("uploads");
    int clients = 200;
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    Map<Integer, String> retryAfter = new ConcurrentHashMap<>();
    Map<Integer, String> errorCodes = new ConcurrentHashMap<>();
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int u = 0; u < clients; u++) {
        int upload = u;
        all.add(CompletableFuture.runAsync(() -> {
          HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/streams/" + stream + "/events"))
              .timeout(Duration.ofSeconds(150))
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new NdjsonBody(upload, RECORDS_PER_UPLOAD))).build();
          try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            statuses.put(upload, response.statusCode());
            response.headers().firstValue("Retry-After").ifPresent(v -> retryAfter.put(upload, v));
            if (response.statusCode() != 200) errorCodes.put(upload, errorCodeOf(response.body()));
          } catch (IOException | InterruptedException connectionLost) {
            statuses.put(upload, -1);
          }
        }, pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }

    assertTrue(server.isAlive(), "the server survived");
    assertEquals(200, get("/healthz").statusCode());
    Map<Integer, Integer> stored = storedPerUpload(stream);
    int acknowledged = 0;
    for (var e : statuses.entrySet()) {
      int status = e.getValue();
      assertTrue(status == 200 || status == 429 || status == 503 || status == -1, "upload " + e.getKey() + " answered " + status);
      if (status == 200) {
        acknowledged++;
        assertEquals(RECORDS_PER_UPLOAD, stored.getOrDefault(e.getKey(), 0), "records of acknowledged upload " + e.getKey());
      }
      String code = errorCodes.get(e.getKey());
      if ("too_many_requests".equals(code) || "overloaded".equals(code)) {
        assertTrue(retryAfter.containsKey(e.getKey()), "refused upload " + e.getKey() + " has Retry-After");
        assertEquals(0, stored.getOrDefault(e.getKey(), 0), "a refused upload stored nothing");
      } else if (status == 503) {
        // Admitted, then a journal write outlasted the ask timeout on this small, saturated node:
        // what it stored before that is in the log once, never more.
        assertEquals("journal_unavailable", code, "upload " + e.getKey() + " failed with 503");
        assertTrue(retryAfter.containsKey(e.getKey()), "503 of upload " + e.getKey() + " has Retry-After");
        assertTrue(stored.getOrDefault(e.getKey(), 0) <= RECORDS_PER_UPLOAD, "upload " + e.getKey() + " stored at most once");
      }
    }
    assertTrue(acknowledged >= 1, "some uploads were acknowledged: " + countByStatus(statuses));
    assertTrue(statuses.values().stream().anyMatch(s -> s == 429), "some uploads were refused: " + countByStatus(statuses));
    System.out.println("OverloadIT uploads: " + countByStatus(statuses) + ", peak RSS KiB " + server.peakRssKib());
  }

  @Test
  void liveReadersBeyondTheLimitAreRefusedWithRetryAfterWhileSlowReadersDoNotTakeTheNodeDown() throws Exception {
    String stream = createStream("follow");
    int readers = 1_000;
    List<Socket> sockets = new ArrayList<>();
    Map<Integer, Integer> statuses = new HashMap<>();
    int withRetryAfter = 0;
    try {
      for (int r = 0; r < readers; r++) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", 19300), 10_000);
        socket.setSoTimeout(60_000);
        socket.getOutputStream().write(("GET /v1/streams/" + stream + "/events?follow=true HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        sockets.add(socket);
      }
      // Read only each response's head: the admitted readers then read nothing more (slow readers).
      for (int r = 0; r < readers; r++) {
        String head = readHead(sockets.get(r).getInputStream());
        int status = Integer.parseInt(head.substring(9, 12));
        statuses.merge(status, 1, Integer::sum);
        if (head.toLowerCase().contains("\r\nretry-after:")) withRetryAfter++;
      }
      // An upload while the admitted readers are stalled: their live batches pile up against their limits.
      HttpResponse<String> upload = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/streams/" + stream + "/events"))
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new NdjsonBody(0, RECORDS_PER_UPLOAD))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, upload.statusCode(), upload.body());
      assertTrue(server.isAlive(), "the server survived");
      assertEquals(200, get("/healthz").statusCode());
    } finally {
      for (Socket s : sockets) s.close();
    }
    System.out.println("OverloadIT readers: " + statuses + ", peak RSS KiB " + server.peakRssKib());
    assertEquals(MAX_READERS, statuses.getOrDefault(200, 0), "readers admitted: " + statuses);
    assertEquals(readers - MAX_READERS, statuses.getOrDefault(429, 0), "readers refused: " + statuses);
    assertEquals(readers - MAX_READERS, withRetryAfter, "every refusal carries Retry-After");
    // Closed readers give their permits back: a new reader is admitted again.
    Polling.until(Duration.ofSeconds(60), Duration.ofMillis(200), "a reader is admitted after the others left", () -> {
      try (Socket socket = new Socket("127.0.0.1", 19300)) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /v1/streams/" + stream + "/events?follow=true HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        return readHead(socket.getInputStream()).startsWith("HTTP/1.1 200");
      } catch (IOException e) {
        return false;
      }
    });
  }

  private String createStream(String prefix) throws Exception {
    // The other test leaves up to 1,000 connections for the server to close: wait until it
    // answers a fresh one (a connection it drops meanwhile is an IOException, not an answer).
    Polling.until(Duration.ofSeconds(60), Duration.ofMillis(200), "the server answers a new connection", () -> {
      try {
        return get("/healthz").statusCode() == 200;
      } catch (IOException dropped) {
        return false;
      }
    });
    String name = prefix + "_" + Long.toHexString(System.nanoTime());
    HttpResponse<String> created = HTTP_1_1.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/streams"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"partitions\":4}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, created.statusCode(), created.body());
    return name;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP_1_1.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Records stored per upload, failing on any record stored twice. */
  private Map<Integer, Integer> storedPerUpload(String stream) throws Exception {
    Map<Integer, Integer> perUpload = new HashMap<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/streams/" + stream + "/events")).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, response.statusCode());
    response.body().forEach(line -> {
      Matcher m = ID.matcher(line);
      if (!m.find()) return;
      int upload = Integer.parseInt(m.group(1));
      assertTrue(seen.add(((long) upload << 32) | Integer.parseInt(m.group(2))), "stored once: " + line);
      perUpload.merge(upload, 1, Integer::sum);
    });
    return perUpload;
  }

  static Map<Integer, Integer> countByStatus(Map<Integer, Integer> statuses) {
    Map<Integer, Integer> counts = new java.util.TreeMap<>();
    statuses.values().forEach(s -> counts.merge(s, 1, Integer::sum));
    return counts;
  }

  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("closed after " + head);
      head.append((char) b);
    }
    return head.toString();
  }

  /** NDJSON records {"id":"u<upload>-<n>",...} made as they are read, so 200 bodies need no test heap. */
  static final class NdjsonBody extends InputStream {
    private final int upload;
    private final int records;
    private int next;
    private byte[] line = new byte[0];
    private int pos;

    NdjsonBody(int upload, int records) {
      this.upload = upload;
      this.records = records;
    }

    @Override
    public int read() {
      if (pos == line.length) {
        if (next == records) return -1;
        line = ("{\"id\":\"u" + upload + "-" + next + "\",\"k\":\"k" + (next % 97) + "\",\"pad\":\"" + "x".repeat(80) + "\"}\n")
            .getBytes(StandardCharsets.US_ASCII);
        next++;
        pos = 0;
      }
      return line[pos++];
    }

    @Override
    public int read(byte[] b, int off, int len) {
      int n = 0;
      while (n < len) {
        int c = read();
        if (c < 0) return n == 0 ? -1 : n;
        b[off + n++] = (byte) c;
      }
      return n;
    }
  }

  private static String errorCodeOf(String body) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("error_code").asText("");
    } catch (IOException notJson) {
      return "";
    }
  }
}
