package io.streamsql.persistence.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.streamsql.persistence.connector.FileTableCatalogEntity.Column;
import io.streamsql.persistence.connector.FileTableCatalogEntity.FileTable;
import io.streamsql.persistence.connector.FileTableCatalogEntity.Kind;
import io.streamsql.persistence.connector.FileTableCatalogEntity.Load;
import io.streamsql.persistence.connector.FileTableCatalogEntity.Part;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileTableCatalogEntityTest {
  private final ActorTestKit testKit =
      ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
  private EventSourcedBehaviorTestKit<FileTableCatalogEntity.Command, FileTableCatalogEntity.Event, FileTableCatalogEntity.State> kit;

  @BeforeEach
  void fresh() {
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), new FileTableCatalogEntity("default"));
    kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static Load load(int number, long rows) {
    return new Load(number, List.of(new Column("id", "BIGINT"), new Column("name", "STRING")), rows, rows * 10,
        List.of(new Part(1, rows * 10, rows)), "upload", 1000L + number);
  }

  private StatusReply<FileTable> record(String name, String type, Kind kind, Load load) {
    return kit.<StatusReply<FileTable>>runCommand(r -> new FileTableCatalogEntity.RecordLoad(name, type, kind, "id", load, r)).reply();
  }

  @Test
  void loadsAccumulateAsVersionsAndSurviveRestart() {
    record("users", "csv", Kind.IMMUTABLE_TABLE, load(1, 3));
    FileTable t = record("users", "csv", Kind.IMMUTABLE_TABLE, load(2, 5)).getValue();
    assertEquals(List.of(1, 2), t.loads().stream().map(Load::number).toList());
    assertEquals(5, t.totalRows());
    assertEquals(1001L, t.createdAt());
    kit.restart();
    FileTable again = kit.<StatusReply<FileTable>>runCommand(r -> new FileTableCatalogEntity.Get("users", r)).reply().getValue();
    assertEquals(t, again);
  }

  @Test
  void aStreamCountsTheRowsOfEveryLoad() {
    record("events", "parquet", Kind.STREAM, load(1, 3));
    FileTable t = record("events", "parquet", Kind.STREAM, load(2, 4)).getValue();
    assertEquals(7, t.totalRows());
  }

  @Test
  void aLoadOfAnotherFileTypeOrKindIsRefusedAndNothingIsPersisted() {
    record("users", "csv", Kind.IMMUTABLE_TABLE, load(1, 3));
    StatusReply<FileTable> otherType = record("users", "parquet", Kind.IMMUTABLE_TABLE, load(2, 3));
    assertTrue(otherType.isError());
    assertTrue(otherType.getError().getMessage().contains("holds csv data"), otherType.getError().getMessage());
    var result = kit.<StatusReply<FileTable>>runCommand(r -> new FileTableCatalogEntity.RecordLoad("users", "csv", Kind.STREAM, null, load(2, 1), r));
    assertTrue(result.reply().isError());
    assertTrue(result.events().isEmpty());
  }

  @Test
  void deleteForgetsTheNameAndUnknownNamesAreErrors() {
    record("users", "csv", Kind.IMMUTABLE_TABLE, load(1, 3));
    assertTrue(kit.<StatusReply<FileTable>>runCommand(r -> new FileTableCatalogEntity.Delete("users", r)).reply().isSuccess());
    StatusReply<FileTable> gone = kit.<StatusReply<FileTable>>runCommand(r -> new FileTableCatalogEntity.Get("users", r)).reply();
    assertEquals(FileTableCatalogEntity.unknown("users"), gone.getError().getMessage());
    assertTrue(kit.<StatusReply<FileTable>>runCommand(r -> new FileTableCatalogEntity.Delete("users", r)).reply().isError());
    assertTrue(kit.<FileTableCatalogEntity.State>runCommand(FileTableCatalogEntity.GetAll::new).reply().tables().isEmpty());
  }
}
