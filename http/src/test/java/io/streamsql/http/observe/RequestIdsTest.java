package io.streamsql.http.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void aShortSafeClientIdIsKept() {
    assertEquals("req-42_a.b:c", RequestIds.accept(Optional.of("req-42_a.b:c")));
    assertEquals("abc", RequestIds.accept(Optional.of(" abc ")));
  }

  @Test
  void unsafeOrLongIdsAreReplacedByAGeneratedOne() {
    for (String bad : new String[] {"", "a b", "x\ny", "<script>", "\"quoted\"", "a".repeat(65)}) {
      String id = RequestIds.accept(Optional.of(bad));
      assertNotEquals(bad, id);
      assertTrue(RequestIds.acceptable(id), id);
    }
  }

  @Test
  void withoutAClientIdOneIsGenerated() {
    String a = RequestIds.accept(Optional.empty());
    String b = RequestIds.accept(Optional.empty());
    assertTrue(RequestIds.acceptable(a));
    assertNotEquals(a, b);
  }
}
