package io.streamsql.core.sql.plan;

/** One record a query writes to its sink log: key JSON text (or null), value JSON bytes (null = tombstone), timestamp. */
public record OutputRecord(String keyJson, byte[] valueJson, long timestamp) {}
