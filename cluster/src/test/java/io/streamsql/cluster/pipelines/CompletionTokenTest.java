package io.streamsql.cluster.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompletionTokenTest {

  @Test
  void aTokenDecodesToTheSamePositionsAndIsUrlSafe() {
    CompletionToken token = new CompletionToken("shop", "pl.shop.v3",
        Map.of("pl.shop.v3.ORDERS", Map.of(0, 12L, 3, 40_000_000_000L), "pl.shop.v3.ITEMS", Map.of()));
    String text = token.encode();
    assertTrue(text.matches("[A-Za-z0-9_-]+"), text);
    assertEquals(token, CompletionToken.decode(text));
  }

  @Test
  void textThatIsNotATokenIsABadRequest() {
    for (String bad : new String[] {"", "not a token", "eyJ4IjoxfQ", "%%%"}) {
      StreamSqlException e = assertThrows(StreamSqlException.class, () -> CompletionToken.decode(bad), bad);
      assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    }
  }
}
