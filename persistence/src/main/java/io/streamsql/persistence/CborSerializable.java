package io.streamsql.persistence;

/**
 * Marker for everything that is persisted or sent between nodes: bound to Pekko's Jackson CBOR
 * serializer in reference.conf. Nothing is ever Java-serialized.
 */
public interface CborSerializable {}
