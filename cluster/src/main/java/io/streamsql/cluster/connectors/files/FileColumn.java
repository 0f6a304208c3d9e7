package io.streamsql.cluster.connectors.files;

/**
 * One column of a file table: its name and its SQL type as text, in the notation of
 * docs/connectors.md ({@code BIGINT}, {@code DECIMAL(10,2)}, {@code ARRAY<STRING>},
 * {@code STRUCT<a INT, b STRING>}, {@code MAP<STRING, BIGINT>}, …).
 */
public record FileColumn(String name, String sqlType) {}
