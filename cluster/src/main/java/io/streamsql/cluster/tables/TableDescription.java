package io.streamsql.cluster.tables;

import io.streamsql.persistence.table.TableDefinition;
import io.streamsql.persistence.table.TablePartitionEntity.TablePartitionInfo;
import java.util.List;

/** A table with the current state of each of its partitions (index = partition). */
public record TableDescription(TableDefinition definition, List<TablePartitionInfo> partitions) {}
