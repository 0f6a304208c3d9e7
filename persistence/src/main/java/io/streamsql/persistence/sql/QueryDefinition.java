package io.streamsql.persistence.sql;

import io.streamsql.persistence.CborSerializable;

/**
 * Everything a persistent query needs to run, frozen when it starts: its statement, the DDL of
 * its source and sink (so later catalog changes cannot change a running query), and their logs.
 */
public record QueryDefinition(
    String queryId, String namespace, String statement, String sourceDdl, String sinkDdl, String sourceLog, String sinkLog)
    implements CborSerializable {}
