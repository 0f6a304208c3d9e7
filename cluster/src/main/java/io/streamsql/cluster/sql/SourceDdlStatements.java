package io.streamsql.cluster.sql;

import io.streamsql.core.sql.CreateSource;
import io.streamsql.core.sql.plan.SourceSchema;
import io.streamsql.core.sql.plan.SourceSchemas;
import io.streamsql.core.sql.serde.Serde;
import io.streamsql.core.sql.tree.Statement;
import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.sql.SqlCatalogEntity;
import io.streamsql.persistence.sql.SqlSource;
import io.streamsql.persistence.table.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** CREATE STREAM|TABLE (over a log), DROP STREAM|TABLE and ALTER STREAM|TABLE … ADD COLUMN. */
final class SourceDdlStatements {
  private final SqlCatalog catalog;
  private final TopicLogs logs;

  SourceDdlStatements(SqlCatalog catalog, TopicLogs logs) {
    this.catalog = catalog;
    this.logs = logs;
  }

  StatementResult create(Statement.CreateSourceStatement statement, ExecutionContext ctx) {
    CreateSource create = statement.definition();
    // VERSION pins a table over an immutable table of the tables API to one sealed version; it is not a topic property.
    Object version = create.properties().get("VERSION");
    if (version != null) {
      java.util.Map<String, Object> props = new java.util.LinkedHashMap<>(create.properties());
      props.remove("VERSION");
      create = new CreateSource(create.kind(), create.name(), create.orReplace(), create.ifNotExists(), create.readOnly(), create.columns(),
          props);
    }
    SourceSchema schema = SourceSchemas.fromCreate(create, ctx.properties());
    SqlCatalogEntity.State state = catalog.state();
    if (create.ifNotExists() && state.sources().containsKey(schema.name())) {
      return done(ctx, schema.kind().name(), schema.name(), "create", SqlEngine.kindName(schema.kind()) + " " + schema.name()
          + " already exists.");
    }
    SqlSource existing = state.sources().get(schema.name());
    if (create.orReplace() && (create.readOnly() || existing != null && existing.readOnly())) {
      String kind = schema.kind().name().toLowerCase(Locale.ROOT);
      throw SqlEngine.sqlError("Cannot add " + kind + " '" + schema.name() + "': CREATE OR REPLACE is not supported on source " + kind + "s.");
    }
    if (existing != null && !create.orReplace()) {
      String kind = existing.kind().toLowerCase(Locale.ROOT);
      throw SqlEngine.sqlError("Cannot add " + kind + " '" + schema.name() + "': A " + kind + " with the same name already exists");
    }
    StreamDefinition log = logs.existing(schema.topic());
    TableDefinition dynamicTable = log == null && schema.isTable() ? logs.dynamicTable(schema.topic()) : null;
    TableDefinition versioned = log == null && dynamicTable == null && schema.isTable() ? logs.immutableTable(schema.topic()) : null;
    if (version != null && versioned == null) {
      throw SqlEngine.sqlError("VERSION is for a TABLE over an immutable table of the tables API: '" + schema.topic() + "' is not one.");
    }
    String logRef;
    boolean readOnly = create.readOnly();
    if (versioned != null) {
      // A sealed version never changes: the SQL table reads it (pinned, or the newest when a query starts) and is read-only.
      String v = version == null ? "latest" : String.valueOf(version);
      if (version != null && !(version instanceof Number n && versioned.versions().contains(n.intValue()))) {
        throw SqlEngine.sqlError("Table '" + versioned.name() + "' has no version " + version + " (versions: " + versioned.versions() + ").");
      }
      schema = schema.withPartitions(versioned.partitions());
      logRef = SourceLogs.ofVersion(versioned.name(), v);
      readOnly = true;
    } else if (dynamicTable != null) {
      // A dynamic table of the tables API: the SQL table reads its changelog.
      schema = schema.withPartitions(dynamicTable.partitions());
      logRef = SourceLogs.ofTable(dynamicTable.name());
    } else {
      if (log == null) log = logs.create(schema.topic(), schema.partitions(), schema.kind());
      schema = schema.withPartitions(log.partitions());
      logRef = log.name();
    }
    String ddl = schema.toDdl();
    // What the catalog stores must read back: a definition that cannot would break every listing later.
    SourceDdl.parse(ddl);
    catalog.registerSource(new SqlSource(schema.name(), schema.kind().name(), ddl, logRef, readOnly), create.orReplace());
    return done(ctx, schema.kind().name(), schema.name(), "create", SqlEngine.kindName(schema.kind()) + " created");
  }

  StatementResult drop(Statement.DropSource d, ExecutionContext ctx) {
    String kind = d.kind().name();
    SqlSource source = catalog.state().sources().get(d.name());
    if (source == null || !source.kind().equals(kind)) {
      if (d.ifExists()) return done(ctx, kind, d.name(), "drop", "Source `" + d.name() + "` does not exist.");
      throw SqlEngine.sqlError(source == null ? SqlEngine.kindName(d.kind()) + " " + d.name() + " does not exist."
          : "Incompatible data source type is " + source.kind() + ", but statement was DROP " + kind);
    }
    if (d.deleteTopic() && source.readOnly()) throw SqlEngine.sqlError("Cannot delete topic for read-only source: " + d.name());
    catalog.dropSource(d.name());
    if (d.deleteTopic()) {
      boolean shared = catalog.state().sources().values().stream().anyMatch(s -> s.log().equals(source.log()));
      if (!shared && !SourceLogs.isTable(source.log())) logs.delete(source.log(), "Deleting topic of " + d.name());
    }
    String topic = SourceDdl.topicOf(source);
    return done(ctx, kind, d.name(), "drop", "Source `" + d.name() + "` (topic: " + topic + ") was dropped.");
  }

  /** ALTER … ADD COLUMN: new value columns at the end; running queries keep the schema they started with. */
  StatementResult alter(Statement.AlterSource a, ExecutionContext ctx) {
    SqlCatalogEntity.State state = catalog.state();
    SqlSource source = state.sources().get(a.name());
    String kind = a.kind().name().toLowerCase(Locale.ROOT);
    if (source == null) throw SqlEngine.sqlError("Source " + a.name() + " does not exist.");
    if (!source.kind().equals(a.kind().name())) {
      throw SqlEngine.sqlError("Incompatible data source type is " + source.kind() + ", but statement was ALTER " + a.kind());
    }
    if (source.readOnly()) {
      throw SqlEngine.sqlError("Cannot alter " + kind + " '" + a.name() + "': ALTER operations are not supported on source " + kind + "s.");
    }
    if (!state.writers(a.name()).isEmpty()) throw SqlEngine.sqlError("ALTER command is not supported for CREATE ... AS statements.");
    SourceSchema schema = SourceDdl.parse(source.ddl());
    List<Serde.Column> values = new ArrayList<>(schema.valueColumns());
    for (Statement.AddedColumn c : a.columns()) {
      boolean taken = schema.allColumns().stream().anyMatch(x -> x.name().equals(c.name()))
          || values.stream().anyMatch(x -> x.name().equals(c.name()));
      if (taken) {
        throw SqlEngine.sqlError("Cannot add column `" + c.name() + "` to schema. A column with the same name already exists.");
      }
      values.add(new Serde.Column(c.name(), c.type()));
    }
    SourceSchema altered = new SourceSchema(schema.name(), schema.kind(), schema.topic(), schema.keyColumns(), values,
        schema.keyFormat(), schema.valueFormat(), schema.wrapSingleValue(), schema.valueDelimiter(), schema.keyDelimiter(),
        schema.timestampColumn(), schema.timestampFormat(), schema.partitions());
    String ddl = altered.toDdl();
    SourceDdl.parse(ddl);
    catalog.registerSource(new SqlSource(source.name(), source.kind(), ddl, source.log(), false), true);
    return done(ctx, a.kind().name(), a.name(), "alter", SqlEngine.kindName(a.kind()) + " altered.");
  }

  private static StatementResult done(ExecutionContext ctx, String kind, String name, String action, String message) {
    return new StatementResult.CommandDone(ctx.text(), SqlEngine.commandId(kind, name, action), message, null, ctx.nextSequence());
  }
}
