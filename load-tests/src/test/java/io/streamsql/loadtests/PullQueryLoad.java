package io.streamsql.loadtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-model load of pull-query key lookups over HTTP/1.1: query i is due at start + i / rate,
 * whether or not earlier ones answered, and its latency is measured from when it was due (so a
 * stalled server shows up in the tail instead of slowing the client down: no coordinated
 * omission). {@code connections} keep-alive connections, each on its own thread, take due queries
 * in order; at most that many are in flight; one reached more than a second late is dropped and
 * counted (latencies are of the queries answered). Plain JDK, so it can run on one pinned core next to
 * the server without a Gatling JVM competing for the cores.
 *
 * <p>Arguments: baseUrl table keyColumn keys rate seconds connections. Each query is
 * {@code SELECT * FROM <table> WHERE <keyColumn> = 'c<random 0 … keys-1>';} on {@code /query-stream},
 * and must answer 200 with exactly one row.
 */
public final class PullQueryLoad {
  private static final long DROP_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String table = args[1];
    String keyColumn = args[2];
    int keys = Integer.parseInt(args[3]);
    int rate = Integer.parseInt(args[4]);
    int seconds = Integer.parseInt(args[5]);
    int connections = Integer.parseInt(args[6]);

    int total = rate * seconds;
    long[] latencies = new long[total];
    AtomicInteger done = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    AtomicLong dropped = new AtomicLong();
    BlockingQueue<long[]> due = new ArrayBlockingQueue<>(total + 1);
    URI uri = URI.create(baseUrl + "/query-stream");
    Thread[] workers = new Thread[connections];
    for (int w = 0; w < connections; w++) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
      workers[w] = new Thread(() -> {
        try {
          while (true) {
            long[] job = due.take();
            if (job[0] < 0) return;
            // A server that cannot keep up would make the run last as long as its backlog: queries a
            // connection reaches more than a second late are dropped and counted, not sent.
            if (System.nanoTime() - job[0] > DROP_AFTER_NANOS) {
              latencies[(int) job[1]] = Long.MAX_VALUE;
              dropped.incrementAndGet();
              continue;
            }
            String sql = "SELECT * FROM " + table + " WHERE " + keyColumn + " = 'c" + ThreadLocalRandom.current().nextInt(keys) + "';";
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"" + sql + "\"}")).build();
            boolean ok;
            try {
              HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
              // The header line and one row line.
              ok = response.statusCode() == 200 && response.body().strip().split("\n").length == 2;
            } catch (Exception e) {
              ok = false;
            }
            latencies[(int) job[1]] = System.nanoTime() - job[0];
            if (!ok) failures.incrementAndGet();
            done.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "pull-load-" + w);
      workers[w].start();
    }

    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    for (int i = 0; i < total; i++) {
      long at = start + (long) i * 1_000_000_000L / rate;
      long wait;
      while ((wait = at - System.nanoTime()) > 0) {
        if (wait > 200_000) TimeUnit.NANOSECONDS.sleep(wait - 100_000);
        else Thread.onSpinWait();
      }
      due.put(new long[] {at, i});
    }
    for (int w = 0; w < connections; w++) due.put(new long[] {-1, -1});
    for (Thread t : workers) t.join();
    double elapsed = (System.nanoTime() - start) / 1e9;

    long[] sorted = Arrays.stream(latencies).filter(l -> l != Long.MAX_VALUE).sorted().toArray();
    if (sorted.length == 0) sorted = new long[] {0};
    System.out.printf("queries answered %d in %.1f s (%.0f/s; offered %d/s), dropped (over 1 s late) %d, failures %d, connections %d%n",
        done.get(), elapsed, done.get() / elapsed, rate, dropped.get(), failures.get(), connections);
    System.out.printf("latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
        pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9), sorted[sorted.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }
}
