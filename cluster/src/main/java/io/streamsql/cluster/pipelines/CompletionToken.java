package io.streamsql.cluster.pipelines;

import com.fasterxml.jackson.core.type.TypeReference;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.format.Json;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A position in a pipeline's input: for each table log written, the next offset of every partition
 * after the ingress it stands for. It holds everything needed to check it, so it outlives server
 * restarts and works on any node; to clients it is an opaque URL-safe string.
 *
 * @param namespace the program version's namespace the offsets belong to
 * @param logs log name → partition → next offset
 */
public record CompletionToken(String pipeline, String namespace, Map<String, Map<Integer, Long>> logs) {
  private static final TypeReference<Map<String, Object>> SHAPE = new TypeReference<>() {};

  public CompletionToken {
    TreeMap<String, Map<Integer, Long>> copy = new TreeMap<>();
    logs.forEach((log, offsets) -> copy.put(log, new TreeMap<>(offsets)));
    logs = copy;
  }

  public String encode() {
    try {
      byte[] json = Json.MAPPER.writeValueAsBytes(Map.of("p", pipeline, "n", namespace, "l", logs));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @throws StreamSqlException ({@code invalid_request}) for text that is not a token */
  @SuppressWarnings("unchecked")
  public static CompletionToken decode(String text) {
    try {
      Map<String, Object> fields = Json.MAPPER.readValue(Base64.getUrlDecoder().decode(text), SHAPE);
      Map<String, Map<Integer, Long>> logs = new TreeMap<>();
      ((Map<String, Map<String, Number>>) fields.get("l")).forEach((log, offsets) -> {
        Map<Integer, Long> parsed = new TreeMap<>();
        offsets.forEach((p, o) -> parsed.put(Integer.parseInt(p), o.longValue()));
        logs.put(log, parsed);
      });
      return new CompletionToken((String) fields.get("p"), (String) fields.get("n"), logs);
    } catch (IOException | RuntimeException e) {
      throw new StreamSqlException(ErrorCode.INVALID_REQUEST, "Invalid completion token '" + io.streamsql.core.error.Excerpt.of(text) + "'",
          Map.of("token", io.streamsql.core.error.Excerpt.of(text)));
    }
  }
}
