package io.streamsql.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamsql.core.format.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Small JDK HttpClient helpers for the integration tests. */
final class HttpClients {
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpClients() {}

  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    List<JsonNode> lines() {
      List<JsonNode> out = new ArrayList<>();
      for (String line : body.split("\n")) {
        if (line.isBlank()) continue;
        try {
          out.add(Json.MAPPER.readTree(line));
        } catch (IOException e) {
          throw new AssertionError("not NDJSON: " + line, e);
        }
      }
      return out;
    }
  }

  static Reply send(String method, String url, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  static Reply get(String url) throws IOException, InterruptedException {
    return send("GET", url, null);
  }

  static Reply post(String url, String body) throws IOException, InterruptedException {
    return send("POST", url, body);
  }
}
