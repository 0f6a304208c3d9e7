package io.streamsql.core.sql.expr;

import io.streamsql.core.sql.SqlType;

/** An expression after type checking: its SQL type, its evaluator and its source text. */
public record CompiledExpr(SqlType type, Eval eval, String text) {}
