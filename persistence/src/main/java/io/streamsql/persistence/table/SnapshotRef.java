package io.streamsql.persistence.table;

import io.streamsql.persistence.CborSerializable;

/** What a table partition's Pekko snapshot holds: the name and size of its chunk set. */
public record SnapshotRef(String snapshotId, int chunks) implements CborSerializable {}
