package io.streamsql.core.sql.tree;

import io.streamsql.core.sql.StreamSqlParser;

/** One SQL expression of a statement: its text and its parse tree, which the expression compiler reads. */
public record SqlExpression(String text, StreamSqlParser.ExpressionContext tree) {}
