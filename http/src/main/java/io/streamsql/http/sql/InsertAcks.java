package io.streamsql.http.sql;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The acks of {@code POST /inserts-stream} on the wire, as ksqlDB writes them:
 * {@code {"status":"ok","seq":N}} and {@code {"status":"error","seq":N,"error_code":C,"message":"…"}}.
 * Written by hand: one ack per row at tens of thousands of rows a second.
 */
final class InsertAcks {
  private InsertAcks() {}

  static void ok(StringBuilder out, long seq) {
    out.append("{\"status\":\"ok\",\"seq\":").append(seq).append('}');
  }

  static void error(StringBuilder out, long seq, int code, String message) {
    out.append("{\"status\":\"error\",\"seq\":").append(seq).append(",\"error_code\":").append(code).append(",\"message\":\"");
    out.append(JsonStringEncoder.getInstance().quoteAsString(message == null ? "" : message)).append("\"}");
  }

  static byte[] bytes(StringBuilder out) {
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
