package io.streamsql.http;

import io.streamsql.cluster.TestCassandra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A StreamSQL server in its own JVM, started as ops/start.sh would, so tests can kill -9 it. */
final class ServerProcess implements AutoCloseable {
  private final String name;
  private final int httpPort;
  private final int remotePort;
  private final String seedNodes;
  private final String maxHeap;
  private Process process;
  private final List<String> jvmOptions = new ArrayList<>();

  /** Extra JVM options, e.g. -D overrides of configuration keys. */
  ServerProcess withJvmOptions(String... options) {
    jvmOptions.addAll(List.of(options));
    return this;
  }

  ServerProcess(String name, int httpPort, int remotePort, String seedNodes) {
    this(name, httpPort, remotePort, seedNodes, "512m");
  }

  ServerProcess(String name, int httpPort, int remotePort, String seedNodes, String maxHeap) {
    this.maxHeap = maxHeap;
    this.name = name;
    this.httpPort = httpPort;
    this.remotePort = remotePort;
    this.seedNodes = seedNodes;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  String remoteAddress() {
    return "pekko://streamsql@127.0.0.1:" + remotePort;
  }

  ServerProcess start() throws IOException, InterruptedException {
    return start(Duration.ofSeconds(120));
  }

  /** Starts the server and waits this long for /readyz (longer on a machine shared with builds). */
  ServerProcess start(Duration readyTimeout) throws IOException, InterruptedException {
    launch();
    try {
      awaitReady(readyTimeout);
    } catch (RuntimeException | InterruptedException e) {
      // The caller's try-with-resources never saw this instance: stop the process here, or it outlives the test.
      close();
      throw e;
    }
    return this;
  }

  /** Starts the process without waiting for it to be ready (for nodes that are expected never to be). */
  ServerProcess launch() throws IOException {
    String classpath = Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator
        + Files.readString(Path.of("target", "server.classpath")).trim();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, "io.streamsql.http.ServerMain"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "server-" + name + ".log").toFile()));
    Map<String, String> env = builder.environment();
    env.put("STREAMSQL_PORT", Integer.toString(httpPort));
    env.put("STREAMSQL_REMOTE_PORT", Integer.toString(remotePort));
    env.put("STREAMSQL_CASSANDRA", TestCassandra.contactPoint());
    env.put("STREAMSQL_LOG_LEVEL", "WARN");
    if (seedNodes != null) env.put("STREAMSQL_SEED_NODES", seedNodes);
    process = builder.start();
    return this;
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("server " + name + " exited: see target/server-" + name + ".log");
      try {
        HttpResponse<String> r = client.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return;
      } catch (IOException notYet) {
        // not listening yet
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    throw new IllegalStateException("server " + name + " not ready within " + timeout);
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The peak resident set size of the server so far, from /proc (Linux), in KiB; -1 if unknown. */
  long peakRssKib() throws IOException {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    if (!Files.exists(status)) return -1;
    return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
  }

  /** kill -9: no shutdown hooks, no flushing. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Sends a signal (e.g. STOP, CONT) to the server process, as a stalled or resumed machine would see. */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
  }

  /** Waits for the process to exit by itself; its exit status, or null if it still runs after the timeout. */
  Integer awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
    }
  }
}
