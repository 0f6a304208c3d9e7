package io.streamsql.loadtests;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gets random rows (keys 0 … rows-1) at a constant {@code rate} per second for {@code seconds}:
 * {@code connections} keep-alive connections loop and Gatling's throttle holds the rate.
 */
public class TableGetSimulation extends Simulation {
  private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8088");
  private static final String TABLE = System.getProperty("table", "bench");
  private static final int ROWS = Integer.getInteger("rows", 1_000_000);
  private static final int RATE = Integer.getInteger("rate", 2000);
  private static final int SECONDS = Integer.getInteger("seconds", 60);

  private static final int CONNECTIONS = Integer.getInteger("connections", 32);

  HttpProtocolBuilder protocol = http.baseUrl(BASE_URL);

  ScenarioBuilder gets = scenario("get rows")
      .forever().on(exec(http("get row")
          .get(session -> "/v1/tables/" + TABLE + "/rows/" + ThreadLocalRandom.current().nextInt(ROWS))
          .check(status().is(200))));

  {
    setUp(gets.injectClosed(constantConcurrentUsers(CONNECTIONS).during(SECONDS)))
        .throttle(reachRps(RATE).in(1), holdFor(SECONDS))
        .maxDuration(SECONDS + 5)
        .protocols(protocol)
        .assertions(global().failedRequests().count().is(0L));
  }
}
