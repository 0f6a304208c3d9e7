package io.streamsql.http.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.streamsql.cluster.streams.UploadItem;
import io.streamsql.core.format.EventFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class UploadParsingTest {
  @Test
  void afterBadInputTheRestOfTheBodyIsIgnored() throws Exception {
    ActorSystem system = ActorSystem.create("upload-parsing-test", com.typesafe.config.ConfigFactory.parseString(
        "pekko.actor.provider = local\npekko.logger-startup-timeout = 60s").withFallback(com.typesafe.config.ConfigFactory.load()));
    try {
      // Regression (BadInputIT): the reader was fed the chunks after its error and reported nonsense or failed with a 500.
      Source<ByteString, ?> body = Source.from(List.of(
          ByteString.fromString("{\"a\":1}\n{\"b\":NaN}"), ByteString.fromString("\n{\"c\":2}\n"), ByteString.fromString("{\"d\":")));
      List<UploadItem> items = UploadParsing.items(body, EventFormat.parse("json"), null, 1 << 20, Long.MAX_VALUE)
          .runWith(Sink.seq(), Materializer.matFromSystem(system)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(2, items.size(), items.toString());
      assertInstanceOf(UploadItem.Record.class, items.get(0));
      assertInstanceOf(UploadItem.Failure.class, items.get(1));
    } finally {
      system.terminate();
    }
  }
}
