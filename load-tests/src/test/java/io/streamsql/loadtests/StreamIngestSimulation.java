package io.streamsql.loadtests;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Posts NDJSON events to one stream: {@code users} connections, each sending its share of
 * {@code events} in requests of {@code eventsPerRequest} events of about 200 bytes.
 * Every request must be acknowledged with all its events persisted.
 */
public class StreamIngestSimulation extends Simulation {
  private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8088");
  private static final String STREAM = System.getProperty("stream", "bench");
  private static final int USERS = Integer.getInteger("users", 8);
  private static final int EVENTS = Integer.getInteger("events", 1_000_000);
  private static final int PER_REQUEST = Integer.getInteger("eventsPerRequest", 1000);

  /** One request body: PER_REQUEST distinct events, each padded to 200 bytes of JSON. */
  static String body(int requestNumber) {
    StringBuilder sb = new StringBuilder(PER_REQUEST * 201);
    for (int i = 0; i < PER_REQUEST; i++) {
      long id = (long) requestNumber * PER_REQUEST + i;
      String event = "{\"id\":" + id + ",\"user\":\"user-" + (id % 10_000) + "\",\"action\":\"click\",\"page\":\"/p/" + (id % 997) + "\",\"pad\":\"";
      int pad = 200 - event.length() - 2;
      sb.append(event).append("x".repeat(Math.max(0, pad))).append("\"}\n");
    }
    return sb.toString();
  }

  private static final String[] BODIES = new String[16];

  static {
    for (int i = 0; i < BODIES.length; i++) BODIES[i] = body(i);
  }

  HttpProtocolBuilder protocol = http.baseUrl(BASE_URL).contentTypeHeader("application/x-ndjson");

  ScenarioBuilder ingest = scenario("ingest")
      .repeat(EVENTS / PER_REQUEST / USERS, "n")
      .on(exec(http("post " + PER_REQUEST + " events")
          .post("/v1/streams/" + STREAM + "/events?key_field=user")
          .body(StringBody(session -> BODIES[session.getInt("n") % BODIES.length]))
          .check(status().is(200), jsonPath("$.records").ofInt().is(PER_REQUEST))));

  {
    setUp(ingest.injectOpen(atOnceUsers(USERS)))
        .protocols(protocol)
        .assertions(global().failedRequests().count().is(0L));
  }
}
