package io.streamsql.core.sql.fn;

import io.streamsql.core.sql.expr.ValueText;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** ksqlDB's BYTES functions. */
public final class BytesFunctions {
  private BytesFunctions() {}

  @Udf(name = "TO_BYTES", description = "The bytes of a string in an encoding: hex, utf8, ascii or base64.")
  public static ByteBuffer toBytes(String s, String encoding) {
    if (s == null || encoding == null) return null;
    byte[] b = switch (encoding.toLowerCase(Locale.ROOT)) {
      case "hex" -> HexFormat.of().parseHex(s);
      case "utf8" -> s.getBytes(StandardCharsets.UTF_8);
      case "ascii" -> s.getBytes(StandardCharsets.US_ASCII);
      case "base64" -> Base64.getDecoder().decode(s);
      default -> throw new IllegalArgumentException("Unknown encoding " + encoding);
    };
    return ByteBuffer.wrap(b);
  }

  @Udf(name = "FROM_BYTES", description = "A string of bytes in an encoding: hex, utf8, ascii or base64.")
  public static String fromBytes(ByteBuffer bytes, String encoding) {
    if (bytes == null || encoding == null) return null;
    byte[] b = ValueText.bytes(bytes);
    return switch (encoding.toLowerCase(Locale.ROOT)) {
      case "hex" -> HexFormat.of().withUpperCase().formatHex(b);
      case "utf8" -> new String(b, StandardCharsets.UTF_8);
      case "ascii" -> new String(b, StandardCharsets.US_ASCII);
      case "base64" -> Base64.getEncoder().encodeToString(b);
      default -> throw new IllegalArgumentException("Unknown encoding " + encoding);
    };
  }

  @Udf(name = "LEN", description = "The number of bytes.")
  public static Integer len(ByteBuffer b) {
    return b == null ? null : b.remaining();
  }

  @Udf(name = "CONCAT", description = "The byte strings joined; null arguments are skipped.")
  public static ByteBuffer concat(ByteBuffer... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (ByteBuffer p : parts) if (p != null) out.writeBytes(ValueText.bytes(p));
    return ByteBuffer.wrap(out.toByteArray());
  }

  @Udf(name = "CONCAT_WS", description = "The byte strings joined with a separator; null arguments are skipped.")
  public static ByteBuffer concatWs(ByteBuffer separator, ByteBuffer... parts) {
    if (parts.length == 0) throw new IllegalArgumentException("Function Concat_WS expects at least two input arguments.");
    if (separator == null) return null;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    boolean first = true;
    for (ByteBuffer p : parts) {
      if (p == null) continue;
      if (!first) out.writeBytes(ValueText.bytes(separator));
      out.writeBytes(ValueText.bytes(p));
      first = false;
    }
    return ByteBuffer.wrap(out.toByteArray());
  }

  @Udf(name = "SPLIT", description = "The parts of the bytes between occurrences of a delimiter.", returns = "ARRAY<BYTES>")
  public static java.util.List<ByteBuffer> split(ByteBuffer bytes, ByteBuffer delimiter) {
    if (bytes == null || delimiter == null) return null;
    byte[] b = ValueText.bytes(bytes);
    byte[] d = ValueText.bytes(delimiter);
    java.util.List<ByteBuffer> out = new java.util.ArrayList<>();
    if (d.length == 0) {
      if (b.length == 0) out.add(ByteBuffer.wrap(new byte[0]));
      for (byte x : b) out.add(ByteBuffer.wrap(new byte[] {x}));
      return out;
    }
    int from = 0;
    for (int i = 0; i + d.length <= b.length; ) {
      if (java.util.Arrays.equals(b, i, i + d.length, d, 0, d.length)) {
        out.add(ByteBuffer.wrap(java.util.Arrays.copyOfRange(b, from, i)));
        i += d.length;
        from = i;
      } else {
        i++;
      }
    }
    out.add(ByteBuffer.wrap(java.util.Arrays.copyOfRange(b, from, b.length)));
    return out;
  }

  @Udf(name = "SUBSTRING", description = "The bytes from a 1-based position (negative counts from the end).")
  public static ByteBuffer substring(ByteBuffer bytes, Integer pos) {
    if (bytes == null || pos == null) return null;
    byte[] b = ValueText.bytes(bytes);
    return substring(bytes, pos, b.length);
  }

  @Udf(name = "SUBSTRING", description = "Up to length bytes from a 1-based position (negative counts from the end).")
  public static ByteBuffer substring(ByteBuffer bytes, Integer pos, Integer length) {
    if (bytes == null || pos == null || length == null) return null;
    byte[] b = ValueText.bytes(bytes);
    int start = pos < 0 ? Math.max(b.length + pos, 0) : Math.max(Math.min(pos - 1, b.length), 0);
    int end = Math.max(Math.min(start + length, b.length), start);
    return ByteBuffer.wrap(java.util.Arrays.copyOfRange(b, start, end));
  }

  @Udf(name = "LPAD", description = "The bytes left-padded to a length with padding bytes.")
  public static ByteBuffer lpad(ByteBuffer input, Integer length, ByteBuffer padding) {
    return pad(input, length, padding, true);
  }

  @Udf(name = "RPAD", description = "The bytes right-padded to a length with padding bytes.")
  public static ByteBuffer rpad(ByteBuffer input, Integer length, ByteBuffer padding) {
    return pad(input, length, padding, false);
  }

  private static ByteBuffer pad(ByteBuffer input, Integer length, ByteBuffer padding, boolean left) {
    if (input == null || length == null || padding == null || length < 0) return null;
    byte[] in = ValueText.bytes(input);
    byte[] pad = ValueText.bytes(padding);
    if (pad.length == 0) return null;
    byte[] out = new byte[length];
    int fill = Math.max(0, length - in.length);
    int keep = Math.min(in.length, length);
    for (int i = 0; i < fill; i++) out[left ? i : keep + i] = pad[i % pad.length];
    System.arraycopy(in, 0, out, left ? fill : 0, keep);
    return ByteBuffer.wrap(out);
  }

  private static ByteBuffer ordered(ByteBuffer b, String order, int size) {
    if (b.remaining() != size) throw new IllegalArgumentException("Number of bytes must be equal to " + size + ", but found " + b.remaining());
    ByteOrder o = order == null || order.equalsIgnoreCase("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    return b.duplicate().order(o);
  }

  @Udf(name = "INT_FROM_BYTES", description = "The big-endian INT in 4 bytes.")
  public static Integer intFromBytes(ByteBuffer b) {
    return intFromBytes(b, null);
  }

  @Udf(name = "INT_FROM_BYTES", description = "The INT in 4 bytes in a byte order.")
  public static Integer intFromBytes(ByteBuffer b, String order) {
    return b == null ? null : ordered(b, order, 4).getInt();
  }

  @Udf(name = "BIGINT_FROM_BYTES", description = "The big-endian BIGINT in 8 bytes.")
  public static Long bigintFromBytes(ByteBuffer b) {
    return bigintFromBytes(b, null);
  }

  @Udf(name = "BIGINT_FROM_BYTES", description = "The BIGINT in 8 bytes in a byte order.")
  public static Long bigintFromBytes(ByteBuffer b, String order) {
    return b == null ? null : ordered(b, order, 8).getLong();
  }

  @Udf(name = "DOUBLE_FROM_BYTES", description = "The big-endian DOUBLE in 8 bytes.")
  public static Double doubleFromBytes(ByteBuffer b) {
    return doubleFromBytes(b, null);
  }

  @Udf(name = "DOUBLE_FROM_BYTES", description = "The DOUBLE in 8 bytes in a byte order.")
  public static Double doubleFromBytes(ByteBuffer b, String order) {
    return b == null ? null : ordered(b, order, 8).getDouble();
  }
}
