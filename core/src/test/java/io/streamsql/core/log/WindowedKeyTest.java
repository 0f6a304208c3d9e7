package io.streamsql.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WindowedKeyTest {
  @Test
  void roundTripsKeysExactlyAsWritten() {
    for (String key : new String[] {"\"a\"", "1.50", "{\"B\":1,\"A\":\"x,\\\"start\\\":2\"}", null}) {
      WindowedKey k = new WindowedKey(key, 1000, 2000);
      assertEquals(k, WindowedKey.parse(k.text()));
    }
    assertEquals("{\"key\":\"a\",\"start\":0,\"end\":60000}", new WindowedKey("\"a\"", 0, 60000).text());
  }

  @Test
  void refusesTextThatIsNotAWindowedKey() {
    assertThrows(IllegalArgumentException.class, () -> WindowedKey.parse("\"a\""));
    assertThrows(IllegalArgumentException.class, () -> WindowedKey.parse("{\"key\":1,\"start\":x,\"end\":2}"));
    assertThrows(IllegalArgumentException.class, () -> WindowedKey.parse(null));
  }
}
