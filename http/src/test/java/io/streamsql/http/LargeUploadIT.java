package io.streamsql.http;

import static io.streamsql.http.HttpClients.get;
import static io.streamsql.http.HttpClients.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An upload larger than the server's whole heap is streamed through, not buffered. */
class LargeUploadIT {
  private static final int EVENTS = 1_500_000; // 200 bytes each: 300 MB, more than the 256 MB heap

  /** Generates the NDJSON body on the fly, so the client does not hold it either. */
  private static InputStream generatedBody() {
    return new InputStream() {
      private int next;
      private byte[] line = new byte[0];
      private int pos;

      @Override
      public int read() {
        if (pos == line.length) {
          if (next == EVENTS) return -1;
          String event = "{\"id\":" + next++ + ",\"pad\":\"";
          line = (event + "x".repeat(200 - event.length() - 3) + "\"}\n").getBytes(StandardCharsets.US_ASCII);
          pos = 0;
        }
        return line[pos++];
      }

      @Override
      public int read(byte[] b, int off, int len) {
        int n = 0;
        while (n < len) {
          int c = read();
          if (c < 0) return n == 0 ? -1 : n;
          b[off + n++] = (byte) c;
        }
        return n;
      }
    };
  }

  @Test
  void aBodyLargerThanTheHeapIsAppendedCompletely() throws Exception {
    try (ServerProcess server = new ServerProcess("large-upload", 18184, 25614, null, "256m").start()) {
      String name = "large_" + UUID.randomUUID().toString().substring(0, 8);
      assertEquals(201, post(server.baseUrl() + "/v1/streams", "{\"name\":\"" + name + "\"}").status());
      HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/streams/" + name + "/events"))
          .timeout(Duration.ofMinutes(5))
          .POST(HttpRequest.BodyPublishers.ofInputStream(LargeUploadIT::generatedBody))
          .build();
      HttpResponse<String> response = HttpClients.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      assertEquals(EVENTS, new HttpClients.Reply(200, response.body()).json().get("records").asInt());
      assertEquals(EVENTS, get(server.baseUrl() + "/v1/streams/" + name).json().get("records").asInt());
    }
  }
}
