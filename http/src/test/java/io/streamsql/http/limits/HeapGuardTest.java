package io.streamsql.http.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The heap guard reads the old generation's usage after the latest collection. A threshold below
 * the live data a full collection leaves stands for a nearly full heap without filling this JVM's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeapGuardTest extends AllDirectives {
  private final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "heap-guard-test");
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterAll
  void shutdown() {
    system.terminate();
  }

  @Test
  void liveDataAboveTheThresholdAfterACollectionIsPressure() {
    HeapPressure pressure = new HeapPressure(1e-9);
    System.gc();
    assertNotEquals("none", pressure.poolName());
    assertTrue(pressure.high());
  }

  @Test
  void liveDataBelowTheThresholdAfterACollectionIsNot() {
    HeapPressure pressure = new HeapPressure(0.99);
    System.gc();
    assertFalse(pressure.high());
  }

  @Test
  void aThresholdOfZeroDisablesTheGuard() {
    HeapPressure pressure = new HeapPressure(0);
    System.gc();
    assertEquals("none", pressure.poolName());
    assertFalse(pressure.high());
  }

  @Test
  void underHeapPressureUploadsAreRefusedWith503AndRetryAfterWhileOtherRequestsAreServed() throws Exception {
    OverloadGuard guard = new OverloadGuard(new AdmissionLimits(32, 256, 7, 1e-9));
    System.gc();
    ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0)
        .bind(guard.guard(complete("served"))).toCompletableFuture().get(30, TimeUnit.SECONDS);
    try {
      String base = "http://127.0.0.1:" + binding.localAddress().getPort();
      // A body of unknown length arrives chunked: a streamed upload.
      HttpResponse<String> upload = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/streams/s/records"))
          .POST(HttpRequest.BodyPublishers.ofInputStream(
              () -> new ByteArrayInputStream("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8))))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, upload.statusCode());
      assertTrue(upload.body().contains("\"overloaded\""), upload.body());
      assertEquals("7", upload.headers().firstValue("Retry-After").orElse(""));

      HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/streams")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, other.statusCode());
      assertEquals("served", other.body());
    } finally {
      binding.unbind().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
