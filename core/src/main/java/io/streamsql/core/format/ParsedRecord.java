package io.streamsql.core.format;

/**
 * One record read from an uploaded body: the value as compact JSON bytes, the key as JSON text
 * (null when the record has none) and the 1-based line of the body where it starts.
 */
public record ParsedRecord(byte[] valueJson, String keyJson, long line) {}
