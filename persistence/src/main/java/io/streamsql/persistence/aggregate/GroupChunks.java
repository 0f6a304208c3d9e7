package io.streamsql.persistence.aggregate;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The groups of a state partition as snapshot chunks of about {@code chunkBytes} each: (key length, key, value length, value)*. */
final class GroupChunks {
  private GroupChunks() {}

  static List<byte[]> encode(Map<String, byte[]> groups, long chunkBytes) {
    List<byte[]> chunks = new ArrayList<>();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(buffer);
    try {
      for (var e : groups.entrySet()) {
        byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeInt(key.length);
        out.write(key);
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
        if (buffer.size() >= chunkBytes) {
          chunks.add(buffer.toByteArray());
          buffer.reset();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (buffer.size() > 0 || chunks.isEmpty()) chunks.add(buffer.toByteArray());
    return chunks;
  }

  static Map<String, byte[]> decode(List<byte[]> chunks) {
    Map<String, byte[]> groups = new HashMap<>();
    for (byte[] chunk : chunks) {
      DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(chunk));
      try {
        while (in.available() > 0) {
          byte[] key = in.readNBytes(in.readInt());
          byte[] value = in.readNBytes(in.readInt());
          groups.put(new String(key, StandardCharsets.UTF_8), value);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return groups;
  }
}
