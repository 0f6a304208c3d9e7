#!/usr/bin/env bash
# Builds and starts a StreamSQL server on :8088. Without STREAMSQL_CASSANDRA it starts (or
# reuses) a local Apache Cassandra 5.0 node with its data under ./data. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install -pl http -am
exec java ${STREAMSQL_JAVA_OPTS:--Xms1g -Xmx1g} \
  -cp "http/target/classes:$(cat http/target/server.classpath)${STREAMSQL_CLASSPATH:+:$STREAMSQL_CLASSPATH}" io.streamsql.http.ServerMain
