package io.streamsql.core.sql.plan;

/** One record read from a source log: key JSON text (or null), value JSON bytes (null = tombstone) and its position. */
public record InputRecord(String keyJson, byte[] valueJson, long timestamp, int partition, long offset) {}
