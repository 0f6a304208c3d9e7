package io.streamsql.loadtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Live-tail latency: appends events at a fixed rate to a stream over HTTP and measures, per
 * event, the time from its append being acknowledged to the event arriving at a reader that
 * follows the stream over HTTP. Both clocks are this JVM's {@code System.nanoTime}.
 *
 * <p>The reader is a parameter: by default {@code GET /v1/streams/{stream}/events?from=latest&follow=true}
 * (NDJSON, the event's {@code id} field); with {@code READ_BODY} set it POSTs that body to
 * {@code READ_PATH} (for push queries: {@code POST /query-stream}, a JSON header line then one
 * JSON array per row whose first column is the id).
 *
 * <p>Environment: BASE (http://127.0.0.1:18099), STREAM, PARTITIONS (4), RATE (10000 events/s),
 * DURATION_SECONDS (60), WARMUP_SECONDS (5, excluded from the figures), TICK_MS (10: one append request per
 * tick), READ_PATH, READ_BODY. Prints one {@code RESULT} line.
 */
public final class TailLatencyBenchmark {

  public static void main(String[] args) throws Exception {
    String base = env("BASE", "http://127.0.0.1:18099");
    String stream = env("STREAM", "tail_" + System.currentTimeMillis());
    int partitions = Integer.parseInt(env("PARTITIONS", "4"));
    int rate = Integer.parseInt(env("RATE", "10000"));
    int seconds = Integer.parseInt(env("DURATION_SECONDS", "60"));
    int warmup = Integer.parseInt(env("WARMUP_SECONDS", "5"));
    int tickMs = Integer.parseInt(env("TICK_MS", "10"));
    String readPath = env("READ_PATH", "/v1/streams/" + stream + "/events?from=latest&follow=true");
    String readBody = System.getenv("READ_BODY");

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    if (!"0".equals(env("CREATE", "1"))) {
      HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/streams"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + stream + "\",\"partitions\":" + partitions + "}")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (created.statusCode() / 100 != 2) throw new IllegalStateException("create stream: " + created.body());
    }

    int perTick = Math.max(1, rate * tickMs / 1000);
    int ticks = seconds * 1000 / tickMs;
    int total = perTick * ticks;
    long[] acked = new long[total];
    long[] received = new long[total];
    AtomicLong receivedCount = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();

    // The reader: open the follow before the first append, wait for its response headers.
    HttpRequest.Builder read = HttpRequest.newBuilder(URI.create(base + readPath));
    read = readBody == null ? read.GET() : read.POST(HttpRequest.BodyPublishers.ofString(readBody)).header("Content-Type", "application/json");
    HttpResponse<Stream<String>> follow = http.send(read.build(), HttpResponse.BodyHandlers.ofLines());
    if (follow.statusCode() / 100 != 2) throw new IllegalStateException("read: HTTP " + follow.statusCode());
    Thread reader = new Thread(() -> follow.body().forEach(line -> {
      long now = System.nanoTime();
      long id = idOf(line);
      if (id < 0 || id >= total) return;
      if (received[(int) id] != 0) duplicates.incrementAndGet();
      else {
        received[(int) id] = now;
        receivedCount.incrementAndGet();
      }
    }), "tail-reader");
    reader.setDaemon(true);
    reader.start();
    // A follow from "latest" begins where the partitions are when it subscribed; give it a moment.
    Thread.sleep(1000);

    String pad = "x".repeat(100);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    AtomicLong failures = new AtomicLong();
    CompletableFuture<?>[] inFlight = new CompletableFuture<?>[ticks];
    long start = System.nanoTime();
    for (int t = 0; t < ticks; t++) {
      int tick = t;
      ticker.schedule(() -> {
        StringBuilder body = new StringBuilder(perTick * 160);
        int first = tick * perTick;
        for (int i = first; i < first + perTick; i++) {
          body.append("{\"id\":").append(i).append(",\"user\":\"u").append(i % 100).append("\",\"pad\":\"").append(pad).append("\"}\n");
        }
        HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/v1/streams/" + stream + "/events?key_field=user"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        inFlight[tick] = http.sendAsync(post, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
          long now = System.nanoTime();
          if (error != null || response.statusCode() / 100 != 2) {
            if (failures.incrementAndGet() == 1) {
              System.err.println("first failed append: " + (error != null ? error : "HTTP " + response.statusCode()));
            }
            return;
          }
          for (int i = first; i < first + perTick; i++) acked[i] = now;
        });
      }, start + (long) t * tickMs * 1_000_000L - System.nanoTime(), TimeUnit.NANOSECONDS);
    }
    AtomicLong ackedCount = new AtomicLong();
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress");
      t.setDaemon(true);
      return t;
    });
    progress.scheduleAtFixedRate(() -> {
      long a = 0;
      for (long v : acked) if (v != 0) a++;
      ackedCount.set(a);
      System.err.printf(Locale.ROOT, "%5.1fs acked=%d received=%d%n", (System.nanoTime() - start) / 1e9, a, receivedCount.get());
    }, 5, 5, TimeUnit.SECONDS);
    ticker.shutdown();
    ticker.awaitTermination(seconds + 60, TimeUnit.SECONDS);
    // Appends time out after 30 s, so this ends; a failed append counts in failed_appends.
    for (CompletableFuture<?> f : inFlight) {
      if (f != null) f.exceptionally(e -> null).get(60, TimeUnit.SECONDS);
    }
    double appendSeconds = (System.nanoTime() - start) / 1e9;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (receivedCount.get() < total - failures.get() * perTick && System.nanoTime() < deadline) Thread.sleep(50);

    Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    int measuredFrom = warmup * 1000 / tickMs * perTick;
    long missing = 0;
    long beforeAck = 0;
    for (int i = measuredFrom; i < total; i++) {
      if (acked[i] == 0) continue;
      if (received[i] == 0) {
        missing++;
        continue;
      }
      long micros = (received[i] - acked[i]) / 1000;
      if (micros < 0) beforeAck++;
      latency.recordValue(Math.min(Math.max(micros, 0), latency.getHighestTrackableValue()));
    }
    System.out.printf(Locale.ROOT,
        "RESULT stream=%s read=%s%s events=%d appended_in=%.1fs rate=%.0f/s measured=%d (after %ds warm-up) "
            + "p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p99.9_ms=%.2f max_ms=%.2f mean_ms=%.2f "
            + "received_before_ack=%d missing=%d duplicates=%d failed_appends=%d%n",
        stream, readBody == null ? "GET " : "POST ", readPath, total, appendSeconds, total / appendSeconds,
        latency.getTotalCount(), warmup,
        ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(90)), ms(latency.getValueAtPercentile(99)),
        ms(latency.getValueAtPercentile(99.9)), ms(latency.getMaxValue()), latency.getMean() / 1000.0,
        beforeAck, missing, duplicates.get(), failures.get());
    System.exit(0);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  /** The event id of one line: an NDJSON event's "id" field, or the first column of a push query row. */
  static long idOf(String line) {
    int i;
    if (line.startsWith("[")) {
      i = 1;
    } else {
      int at = line.indexOf("\"id\":");
      if (at < 0) at = line.indexOf("\"ID\":");
      if (at < 0) return -1;
      i = at + 5;
    }
    while (i < line.length() && line.charAt(i) == ' ') i++;
    long v = 0;
    int digits = 0;
    while (i < line.length() && Character.isDigit(line.charAt(i))) {
      v = v * 10 + (line.charAt(i++) - '0');
      digits++;
    }
    return digits == 0 ? -1 : v;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
