package io.streamsql.loadtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Streams N rows to {@code POST /inserts-stream} over ONE HTTP/2 cleartext connection (prior
 * knowledge) and measures acked rows per second and the latency of each ack (from the moment the
 * client hands the row to the connection until its ack is read). A warm-up run on its own
 * connection comes first. Usage: {@code InsertsStreamBenchmark <baseUrl> <rows> [warmupRows]}.
 */
public final class InsertsStreamBenchmark {
  /** Rows per request-body chunk (the client writes them together; each is still acked alone). */
  private static final int ROWS_PER_CHUNK = 100;

  private record Result(long rows, long acked, long errors, long nanos, long[] latencyNanos, String protocol) {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    int rows = Integer.parseInt(args[1]);
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    String stream = "INSERTS_BENCH_" + System.currentTimeMillis();
    ksql(base, "CREATE STREAM " + stream + " (ID STRING KEY, SEQ BIGINT, AMOUNT DOUBLE, NOTE STRING) "
        + "WITH (kafka_topic='" + stream.toLowerCase() + "', partitions=4, value_format='JSON');");
    // A plain local actor system: the server's jars on the classpath would otherwise make it a cluster node.
    ActorSystem system = ActorSystem.create("inserts-bench", com.typesafe.config.ConfigFactory.parseString(
        "pekko.actor.provider = local\npekko.loglevel = WARNING\n").withFallback(com.typesafe.config.ConfigFactory.load()));
    try {
      if (warmup > 0) {
        Result w = run(system, URI.create(base), stream, warmup);
        System.out.printf("warm-up: %,d rows, %,.0f acked rows/s%n", w.acked(), w.acked() / (w.nanos() / 1e9));
      }
      Result r = run(system, URI.create(base), stream, rows);
      long[] lat = r.latencyNanos();
      Arrays.sort(lat);
      System.out.printf("protocol: %s, one connection%n", r.protocol());
      System.out.printf("rows: %,d sent, %,d acked ok, %,d error acks%n", r.rows(), r.acked(), r.errors());
      System.out.printf("time: %.2f s%n", r.nanos() / 1e9);
      System.out.printf("throughput: %,.0f acked rows/s%n", r.acked() / (r.nanos() / 1e9));
      System.out.printf("ack latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          pct(lat, 0.50) / 1e6, pct(lat, 0.99) / 1e6, lat[lat.length - 1] / 1e6);
    } finally {
      system.terminate();
    }
  }

  private static Result run(ActorSystem system, URI base, String stream, int rows) throws Exception {
    long[] sentAt = new long[rows];
    long[] latency = new long[rows];
    AtomicLong acked = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Source<ByteString, ?> body = Source.single(ByteString.fromString("{\"target\":\"" + stream + "\"}\n"))
        .concat(Source.range(0, (rows + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK - 1).map(chunk -> {
          StringBuilder sb = new StringBuilder(ROWS_PER_CHUNK * 80);
          long now = System.nanoTime();
          for (int i = chunk * ROWS_PER_CHUNK; i < Math.min(rows, (chunk + 1) * ROWS_PER_CHUNK); i++) {
            sentAt[i] = now;
            sb.append("{\"id\":\"user-").append(i % 1000).append("\",\"seq\":").append(i)
                .append(",\"amount\":").append(i % 997).append(".5,\"note\":\"benchmark row ").append(i).append("\"}\n");
          }
          return ByteString.fromString(sb.toString());
        }));
    var request = org.apache.pekko.http.javadsl.model.HttpRequest.create("/inserts-stream").withMethod(HttpMethods.POST)
        .withEntity(HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, body));
    CompletableFuture<Void> done = new CompletableFuture<>();
    String[] protocol = new String[1];
    long start = System.nanoTime();
    var connectionOpen = Source.single(request).concatMat(Source.maybe(), Keep.right())
        .via(Http.get(system).connectionTo(base.getHost()).toPort(base.getPort()).http2WithPriorKnowledge())
        .to(Sink.foreach(response -> {
          protocol[0] = response.protocol().value();
          if (response.status().intValue() != 200) {
            response.entity().toStrict(10_000, system).thenAccept(e -> done.completeExceptionally(
                new IllegalStateException(response.status() + ": " + e.getData().utf8String())));
            return;
          }
          response.entity().getDataBytes()
              .via(Framing.delimiter(ByteString.fromString("\n"), 1 << 16, FramingTruncation.ALLOW))
              .runWith(Sink.foreach(line -> {
                long now = System.nanoTime();
                String ack = line.utf8String();
                int seqAt = ack.indexOf("\"seq\":") + 6;
                int end = seqAt;
                while (end < ack.length() && Character.isDigit(ack.charAt(end))) end++;
                int seq = Integer.parseInt(ack.substring(seqAt, end));
                latency[seq] = now - sentAt[seq];
                if (ack.startsWith("{\"status\":\"ok\"")) acked.incrementAndGet();
                else if (errors.incrementAndGet() <= 5) System.err.println("error ack: " + ack);
              }), system)
              .whenComplete((d, failure) -> {
                if (failure != null) done.completeExceptionally(failure);
                else done.complete(null);
              });
        }))
        .run(system);
    try {
      done.get(30, TimeUnit.MINUTES);
    } finally {
      connectionOpen.complete(java.util.Optional.empty());
    }
    long nanos = System.nanoTime() - start;
    return new Result(rows, acked.get(), errors.get(), nanos, latency, protocol[0]);
  }

  private static long pct(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static void ksql(String base, String sql) throws Exception {
    String body = "{\"ksql\":\"" + sql.replace("\"", "\\\"") + "\"}";
    // HTTP/1.1: the JDK client would try an h2c Upgrade carrying this body, which pekko-http closes.
    HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(base + "/ksql"))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException("CREATE STREAM failed: " + r.statusCode() + " " + r.body());
  }
}
