package io.streamsql.core.pipeline;

/**
 * A column of a program table: its name as stored, its type in the engine's words (e.g.
 * {@code DECIMAL(10, 2)}, {@code ARRAY<INT>}), and whether it may be null. The engine has no NOT
 * NULL constraint, so nullability lives here for whoever checks inputs.
 */
public record ProgramColumn(String name, String engineType, boolean nullable) {}
