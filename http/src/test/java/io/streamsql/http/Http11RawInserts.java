package io.streamsql.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /inserts-stream} over HTTP/1.1 on a plain socket, so a test sees exactly when the
 * server's bytes arrive relative to what was sent: the body is sent in chunks
 * ({@code Transfer-Encoding: chunked}), and what the server wrote so far can be read at any time.
 */
final class Http11RawInserts implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  Http11RawInserts(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    out = socket.getOutputStream();
    in = socket.getInputStream();
    out.write(("POST /inserts-stream HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Sends one chunk holding these lines. */
  void send(String lines) throws IOException {
    byte[] data = lines.getBytes(StandardCharsets.UTF_8);
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Ends the request body (the last, empty chunk). */
  void complete() throws IOException {
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /**
   * Reads what the server sends until {@code expected} appears in everything received so far, or
   * until the server sends nothing for {@code quietMillis}; returns everything received so far.
   */
  String readUntil(String expected, int quietMillis) throws IOException {
    socket.setSoTimeout(quietMillis);
    byte[] buf = new byte[8192];
    try {
      while (!received.toString(StandardCharsets.UTF_8).contains(expected)) {
        int n = in.read(buf);
        if (n < 0) break;
        received.write(buf, 0, n);
      }
    } catch (SocketTimeoutException quiet) {
      // nothing more arrived within quietMillis
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
