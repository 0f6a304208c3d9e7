package io.streamsql.cluster.connectors.files;

import io.streamsql.cluster.EntityAsks;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.persistence.connector.FileTableCatalogEntity;
import io.streamsql.persistence.connector.FileTableCatalogEntity.FileTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/** Asks to the file table catalog entity, with its refusals as StreamSQL errors of the right kind. */
final class FileTableCatalog {
  /** The one catalog entity: file tables are few and listed together. */
  private static final String ENTITY_ID = "default";

  private final ClusterSharding sharding;
  private final Duration timeout;

  FileTableCatalog(ClusterSharding sharding, Duration timeout) {
    this.sharding = sharding;
    this.timeout = timeout;
  }

  private EntityRef<FileTableCatalogEntity.Command> entity() {
    return sharding.entityRefFor(FileTableCatalogEntity.TYPE_KEY, ENTITY_ID);
  }

  CompletionStage<FileTable> record(FileLoadRequest req, FileTableCatalogEntity.Kind kind, FileTableCatalogEntity.Load load) {
    return ask(r -> new FileTableCatalogEntity.RecordLoad(req.name(), req.fileType().wireName(), kind, req.primaryKey(), load, r),
        "Recording the load of file table '" + req.name() + "'");
  }

  CompletionStage<FileTable> get(String name) {
    return ask(r -> new FileTableCatalogEntity.Get(name, r), "Reading file table '" + name + "'");
  }

  CompletionStage<Optional<FileTable>> find(String name) {
    return all().thenApply(tables -> tables.stream().filter(t -> t.name().equals(name)).findFirst());
  }

  CompletionStage<FileTable> delete(String name) {
    return ask(r -> new FileTableCatalogEntity.Delete(name, r), "Deleting file table '" + name + "'");
  }

  CompletionStage<List<FileTable>> all() {
    return entity().<FileTableCatalogEntity.State>ask(FileTableCatalogEntity.GetAll::new, timeout).handle((state, failure) -> {
      if (failure != null) throw EntityAsks.translate(failure, "Listing file tables");
      return new ArrayList<>(state.tables().values());
    });
  }

  private CompletionStage<FileTable> ask(Function<ActorRef<StatusReply<FileTable>>, FileTableCatalogEntity.Command> command, String what) {
    return entity().<StatusReply<FileTable>>ask(command::apply, timeout).handle((reply, failure) -> {
      if (failure != null) throw EntityAsks.translate(failure, what);
      if (reply.isSuccess()) return reply.getValue();
      String message = reply.getError().getMessage();
      if (message.endsWith("does not exist")) throw new StreamSqlException(ErrorCode.FILE_TABLE_NOT_FOUND, message, Map.of());
      throw new StreamSqlException(ErrorCode.TABLE_ALREADY_EXISTS, message, Map.of());
    });
  }
}
