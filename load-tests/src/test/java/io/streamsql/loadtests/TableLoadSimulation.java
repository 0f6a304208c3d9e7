package io.streamsql.loadtests;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Loads {@code rows} distinct rows of about 200 bytes into a dynamic table, {@code rowsPerRequest}
 * per request over {@code users} connections. Row keys are {@code id} = 0 … rows-1.
 */
public class TableLoadSimulation extends Simulation {
  private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8088");
  private static final String TABLE = System.getProperty("table", "bench");
  private static final int USERS = Integer.getInteger("users", 8);
  private static final int ROWS = Integer.getInteger("rows", 1_000_000);
  private static final int PER_REQUEST = Integer.getInteger("rowsPerRequest", 1000);
  private static final int REQUESTS_PER_USER = ROWS / PER_REQUEST / USERS;

  static String body(int requestNumber) {
    StringBuilder sb = new StringBuilder(PER_REQUEST * 201);
    for (int i = 0; i < PER_REQUEST; i++) {
      long id = (long) requestNumber * PER_REQUEST + i;
      String row = "{\"id\":" + id + ",\"name\":\"user-" + id + "\",\"country\":\"NL\",\"plan\":\"pro\",\"pad\":\"";
      sb.append(row).append("x".repeat(Math.max(0, 200 - row.length() - 3))).append("\"}\n");
    }
    return sb.toString();
  }

  HttpProtocolBuilder protocol = http.baseUrl(BASE_URL).contentTypeHeader("application/x-ndjson");

  ScenarioBuilder load = scenario("load rows")
      .repeat(REQUESTS_PER_USER, "n")
      .on(exec(http("upsert " + PER_REQUEST + " rows")
          .post("/v1/tables/" + TABLE + "/rows")
          .body(StringBody(session -> body((int) (session.userId() - 1) * REQUESTS_PER_USER + session.getInt("n"))))
          .check(status().is(200), jsonPath("$.records").ofInt().is(PER_REQUEST))));

  {
    setUp(load.injectOpen(atOnceUsers(USERS)))
        .protocols(protocol)
        .assertions(global().failedRequests().count().is(0L));
  }
}
