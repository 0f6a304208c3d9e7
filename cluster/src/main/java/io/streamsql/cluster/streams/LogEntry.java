package io.streamsql.cluster.streams;

import io.streamsql.core.log.StoredRecord;

/** A record read back from a log, with where it sits. */
public record LogEntry(int partition, long offset, StoredRecord record) {}
