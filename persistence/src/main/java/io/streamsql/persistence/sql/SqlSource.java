package io.streamsql.persistence.sql;

import io.streamsql.persistence.CborSerializable;

/**
 * A SQL stream or table in the catalog. {@code ddl} is a CREATE statement declaring exactly its
 * schema and formats (re-planned when needed); {@code log} is the name of the log it reads.
 */
public record SqlSource(String name, String kind, String ddl, String log, boolean readOnly) implements CborSerializable {}
