package io.streamsql.core.sql.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamsql.core.format.Json;
import io.streamsql.core.sql.SqlType;
import io.streamsql.core.sql.SqlTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JSON maps come out of the deserializer in the order ksqlDB's (a HashMap sized to the object)
 * iterates them, since REDUCE over a map depends on it (QTT reduce-map "reduce map with double").
 */
class JsonMapOrderTest {
  @Test
  void mapsIterateAsKsqlDbsDeserializedMaps() throws Exception {
    var node = Json.MAPPER.readTree("{\"yes, thanks\": 3.5, \"nope\": 7.3, \"sure, yeah\": 2.1}");
    Map<?, ?> map = (Map<?, ?>) JsonValues.read(node, new SqlType.Map(SqlTypes.STRING, SqlTypes.DOUBLE), "test");
    assertEquals(List.of("yes, thanks", "sure, yeah", "nope"), new ArrayList<>(map.keySet()));
  }
}
