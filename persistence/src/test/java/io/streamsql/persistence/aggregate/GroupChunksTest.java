package io.streamsql.persistence.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupChunksTest {
  @Test
  void groupsRoundTripThroughChunksOfAboutTheConfiguredSize() {
    Map<String, byte[]> groups = new HashMap<>();
    for (int i = 0; i < 50; i++) groups.put("\"g" + i + "\"", ("state-" + i).getBytes(StandardCharsets.UTF_8));
    groups.put("\"empty\"", new byte[0]);
    groups.put("\"ü\"", new byte[] {0, 1, 2});
    List<byte[]> chunks = GroupChunks.encode(groups, 64);
    assertTrue(chunks.size() > 1, "cut into chunks: " + chunks.size());
    // a chunk is closed once it reaches the size, so none exceeds it by more than one group's entry
    for (byte[] chunk : chunks) assertTrue(chunk.length < 64 + 40, "chunk of " + chunk.length);
    Map<String, byte[]> decoded = GroupChunks.decode(chunks);
    assertEquals(groups.keySet(), decoded.keySet());
    groups.forEach((k, v) -> assertArrayEquals(v, decoded.get(k), k));
  }

  @Test
  void noGroupsIsOneEmptyChunk() {
    List<byte[]> chunks = GroupChunks.encode(Map.of(), 64);
    assertEquals(1, chunks.size());
    assertEquals(0, chunks.get(0).length);
    assertEquals(Map.of(), GroupChunks.decode(chunks));
  }
}
