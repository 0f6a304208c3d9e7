package io.streamsql.cluster.metrics;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The metrics of one node: its own Prometheus registry (never Micrometer's global one — tests run
 * several nodes in one JVM, and each must report only itself), the JVM binders, and the meters the
 * node's parts record into. Scraped by {@code GET /metrics}.
 */
public final class NodeMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final boolean enabled;
  private final Duration pollInterval;
  private final boolean streamLabel;
  private JvmGcMetrics gc;

  private NodeMetrics(boolean enabled, Duration pollInterval, boolean streamLabel) {
    this.enabled = enabled;
    this.pollInterval = pollInterval;
    this.streamLabel = streamLabel;
    if (enabled) {
      new JvmMemoryMetrics().bindTo(registry);
      gc = new JvmGcMetrics();
      gc.bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
    }
  }

  /** From {@code streamsql.metrics}. */
  public static NodeMetrics from(Config streamsql) {
    Config c = streamsql.getConfig("metrics");
    return new NodeMetrics(c.getBoolean("enabled"), c.getDuration("poll-interval"), c.getBoolean("stream-label"));
  }

  /** Whether {@code GET /metrics} serves the registry (off: it answers 404 and nothing is polled). */
  public boolean enabled() {
    return enabled;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** How often sharding is asked what this node hosts, and query inputs their end offsets. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** Whether record counters carry a {@code stream} label (off by default: stream names are unbounded). */
  public boolean streamLabel() {
    return streamLabel;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    if (gc != null) gc.close();
    registry.close();
  }
}
