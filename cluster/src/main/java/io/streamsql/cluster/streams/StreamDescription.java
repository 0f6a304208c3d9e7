package io.streamsql.cluster.streams;

import io.streamsql.persistence.catalog.StreamDefinition;
import io.streamsql.persistence.log.PartitionState;
import java.util.List;

/** A stream with the current state of each of its partitions (index = partition). */
public record StreamDescription(StreamDefinition definition, List<PartitionState> partitions) {}
