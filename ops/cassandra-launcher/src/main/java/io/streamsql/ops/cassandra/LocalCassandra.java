package io.streamsql.ops.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a single local Apache Cassandra node as a child process, from the jars Maven fetched, for
 * development and tests. When something already listens on the CQL port it is reused instead.
 */
public final class LocalCassandra implements AutoCloseable {
  private static final String CLASSPATH_RESOURCE = "cassandra.classpath";

  /** JPMS flags Cassandra ships for JDK 17 (conf/jvm17-server.options). */
  private static final List<String> JDK17_FLAGS = List.of(
      "-Djdk.attach.allowAttachSelf=true",
      "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
      "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
      "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
      "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
      "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
      "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.base/java.io=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/java.util=ALL-UNNAMED",
      "-Dio.netty.tryReflectionSetAccessible=true",
      "-Dio.netty.allocator.useCacheForAllThreads=true",
      "-Dio.netty.allocator.maxOrder=11");

  /** Where and how to run the node. */
  public record Settings(Path directory, String host, int cqlPort, int storagePort, String heap, Duration startTimeout) {
    public static Settings defaults(Path directory) {
      return new Settings(directory, "127.0.0.1", 9042, 7000, "2G", Duration.ofSeconds(180));
    }
  }

  private final Settings settings;
  private final Process process;

  private LocalCassandra(Settings settings, Process process) {
    this.settings = settings;
    this.process = process;
  }

  /** True when this handle started the node (and so stops it on close). */
  public boolean startedHere() {
    return process != null;
  }

  public String contactPoint() {
    return settings.host() + ":" + settings.cqlPort();
  }

  public static boolean isListening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reuses a node listening on the CQL port, or starts one and waits until it accepts CQL. */
  public static LocalCassandra startOrReuse(Settings settings) {
    if (isListening(settings.host(), settings.cqlPort())) return new LocalCassandra(settings, null);
    try {
      Path dir = settings.directory().toAbsolutePath();
      Path conf = dir.resolve("conf");
      Files.createDirectories(conf);
      Files.createDirectories(dir.resolve("logs"));
      Path yaml = conf.resolve("cassandra.yaml");
      Files.writeString(yaml, yaml(settings, dir));
      Path logback = conf.resolve("logback.xml");
      Files.writeString(logback, logback(dir));
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xms" + settings.heap());
      command.add("-Xmx" + settings.heap());
      command.add("-XX:+UseG1GC");
      command.addAll(JDK17_FLAGS);
      command.add("-Dcassandra.config=" + yaml.toUri());
      command.add("-Dcassandra.storagedir=" + dir);
      command.add("-Dcassandra.logdir=" + dir.resolve("logs"));
      command.add("-Dlogback.configurationFile=" + logback);
      command.add("-Dcassandra-foreground=yes");
      command.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
      command.add("-cp");
      command.add(classpath());
      command.add("org.apache.cassandra.service.CassandraDaemon");
      Path out = dir.resolve("logs").resolve("stdout.log");
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
          .start();
      LocalCassandra node = new LocalCassandra(settings, process);
      node.awaitCql(out);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start a local Cassandra node", e);
    }
  }

  private void awaitCql(Path out) {
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    while (!isListening(settings.host(), settings.cqlPort())) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Cassandra exited with code " + process.exitValue() + " before accepting CQL; see " + out);
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException("Cassandra did not accept CQL on port " + settings.cqlPort() + " within " + settings.startTimeout() + "; see " + out);
      }
      try {
        process.waitFor(250, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("Interrupted while waiting for Cassandra", e);
      }
    }
  }

  /** Stops the node if this handle started it: SIGTERM lets Cassandra flush, then waits. */
  @Override
  public void close() {
    if (process == null || !process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static String classpath() throws IOException {
    try (InputStream in = LocalCassandra.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) throw new IllegalStateException("Missing resource " + CLASSPATH_RESOURCE + ": build the ops/cassandra-launcher module with Maven");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  static String yaml(Settings s, Path dir) {
    return """
        cluster_name: streamsql-local
        num_tokens: 16
        allocate_tokens_for_local_replication_factor: 1
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        data_file_directories:
          - %1$s/data
        commitlog_directory: %1$s/commitlog
        saved_caches_directory: %1$s/saved_caches
        hints_directory: %1$s/hints
        cdc_raw_directory: %1$s/cdc_raw
        # An acknowledged write is fsynced: group commit batches the fsyncs of concurrent writes.
        commitlog_sync: group
        commitlog_sync_group_window: 10ms
        commitlog_segment_size: 64MiB
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "%2$s:%4$d"
        listen_address: %2$s
        rpc_address: %2$s
        storage_port: %4$d
        native_transport_port: %3$d
        start_native_transport: true
        endpoint_snitch: SimpleSnitch
        authenticator: AllowAllAuthenticator
        authorizer: AllowAllAuthorizer
        disk_failure_policy: stop
        commit_failure_policy: stop
        # Journal events hold whole batches of records.
        batch_size_warn_threshold: 1MiB
        batch_size_fail_threshold: 16MiB
        native_transport_max_frame_size: 64MiB
        """.formatted(dir, s.host(), s.cqlPort(), s.storagePort());
  }

  static String logback(Path dir) {
    return """
        <configuration>
          <appender name="FILE" class="ch.qos.logback.core.FileAppender">
            <file>%s/logs/system.log</file>
            <encoder><pattern>%%-5level [%%thread] %%date{ISO8601} %%F:%%L - %%msg%%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="FILE"/></root>
        </configuration>
        """.formatted(dir);
  }

  /**
   * Runs a node in the foreground until the process is interrupted. Arguments: data directory,
   * then optionally the CQL and storage ports (a second node beside one on the default ports, as
   * the fault-injection suite's private Cassandra).
   */
  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args.length > 0 ? args[0] : "data/cassandra");
    Settings settings = Settings.defaults(dir);
    if (args.length > 2) {
      settings = new Settings(dir, settings.host(), Integer.parseInt(args[1]), Integer.parseInt(args[2]), settings.heap(),
          settings.startTimeout());
    }
    LocalCassandra node = startOrReuse(settings);
    if (!node.startedHere()) {
      System.out.println("Cassandra already listening on " + node.contactPoint());
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(node::close));
    System.out.println("Cassandra listening on " + node.contactPoint() + " (data in " + dir.toAbsolutePath() + ")");
    node.process.waitFor();
  }
}
