package io.streamsql.loadtests;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What an HTTP/1.1 client that reads the response only after sending its whole body (the JDK
 * HttpClient) sees from {@code POST /inserts-stream}: for a small body every ack at the end; for a
 * large one a stall, because the unread acks fill the buffers and the server stops reading the
 * request. Usage: {@code Http11InsertsProbe <baseUrl> <stream> <rows> [timeoutSeconds]}; prints
 * when the body was fully sent and when the response arrived, or that it stalled.
 */
public final class Http11InsertsProbe {
  public static void main(String[] args) throws Exception {
    String base = args[0];
    String stream = args[1];
    int rows = Integer.parseInt(args[2]);
    int timeoutSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    StringBuilder body = new StringBuilder("{\"target\":\"" + stream + "\"}\n");
    for (int i = 0; i < rows; i++) body.append("{\"ID\":\"k").append(i).append("\"}\n");
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    long[] bodySentAt = new long[1];
    long start = System.nanoTime();
    HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofInputStream(() ->
        new FilterInputStream(new ByteArrayInputStream(bytes)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0 && bodySentAt[0] == 0) bodySentAt[0] = System.nanoTime();
            return n;
          }
        });
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var response = client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/inserts-stream")).POST(publisher).build(),
        HttpResponse.BodyHandlers.ofLines());
    try {
      var r = response.get(timeoutSeconds, TimeUnit.SECONDS);
      double headers = (System.nanoTime() - start) / 1e9;
      long acks = r.body().filter(l -> l.startsWith("{\"status\":\"ok\"")).count();
      System.out.printf("%,d rows: body fully sent after %.2f s, response after %.2f s, %,d ok acks%n",
          rows, (bodySentAt[0] - start) / 1e9, headers, acks);
    } catch (TimeoutException stalled) {
      System.out.printf("%,d rows: no response within %d s; body fully sent: %s (stalled: the client does not read "
          + "acks while sending, the server stopped reading the request)%n", rows, timeoutSeconds, bodySentAt[0] != 0);
    }
    System.exit(0);
  }
}
