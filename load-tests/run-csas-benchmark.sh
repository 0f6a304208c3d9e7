#!/usr/bin/env bash
# Stateless CSAS benchmark (issue 4): a filter + projection query over a pre-loaded log of
# 1,000,000 JSON records, sink persisted. Starts a server with a 1 GB heap (and a local Cassandra
# unless one listens on 9042 or STREAMSQL_CASSANDRA is set).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8088}
RECORDS=${RECORDS:-1000000}
PARTITIONS=${PARTITIONS:-4}
BASE="http://127.0.0.1:$PORT"
OUT=load-tests/target
mkdir -p "$OUT"

mvn -B -q -DskipTests install -pl http -am

STREAMSQL_PORT=$PORT java -Xms1g -Xmx1g -cp "http/target/classes:$(cat http/target/server.classpath)" \
  io.streamsql.http.ServerMain > "$OUT/server-csas.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "$BASE/readyz" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { echo "server died, see $OUT/server-csas.log"; exit 1; }
  sleep 0.5
done
python3 load-tests/csas-benchmark.py "$BASE" "$RECORDS" "$PARTITIONS"
