#!/usr/bin/env bash
# Pipeline ingress benchmark (Feldera's /v0 API): ROWS rows of 200 bytes in insert_delete JSON,
# ROWS_PER_REQUEST per POST /v0/pipelines/{p}/ingress/bench, over CONNECTIONS HTTP/1.1 keep-alive
# connections, into a keyed table feeding one filter view. Reports rows/s, MB/s, request latency
# p50/p99/max, the time from the last 200 until completion_status = complete (the last token and
# every token), the server's CPU time per 1,000 rows, and checks the view's row count. A fresh
# pipeline (bench-<epoch>) per run, deleted at the end unless KEEP=1. The server is pinned to core
# SERVER_CPU and the client to CLIENT_CPU; it keeps its journal in its own keyspaces (KEYSPACE).
# Needs a Cassandra on STREAMSQL_CASSANDRA.
#
#   PORT=18099 REMOTE_PORT=25599 STREAMSQL_CASSANDRA=127.0.0.1:9042 load-tests/run-pipeline-ingress-benchmark.sh
#   ROWS=20000 ROWS_PER_REQUEST=2000 …   (smoke run)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18099}
REMOTE_PORT=${REMOTE_PORT:-25599}
CASSANDRA=${STREAMSQL_CASSANDRA:-127.0.0.1:9042}
ROWS=${ROWS:-1000000}
ROWS_PER_REQUEST=${ROWS_PER_REQUEST:-10000}
CONNECTIONS=${CONNECTIONS:-4}
WORKERS=${WORKERS:-4}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
KEYSPACE=${KEYSPACE:-streamsql_pipelinebench}
KEEP=${KEEP:-0}
BASE="http://127.0.0.1:$PORT"
OUT=load-tests/target
mkdir -p "$OUT"

# Build in this checkout's reactor (never install: ~/.m2 is shared); the classpath then names this checkout's jars.
mvn -B -o -q -DskipTests package -pl http -am
CP="http/target/classes:$(cat http/target/server.classpath)"

STREAMSQL_PORT=$PORT STREAMSQL_REMOTE_PORT=$REMOTE_PORT STREAMSQL_CASSANDRA=$CASSANDRA \
  taskset -c "$SERVER_CPU" java -Xms1g -Xmx1g ${SERVER_OPTS:-} \
  -Dpekko.persistence.cassandra.journal.keyspace="$KEYSPACE" -Dpekko.persistence.cassandra.snapshot.keyspace="${KEYSPACE}_snapshot" \
  -cp "$CP" io.streamsql.http.ServerMain > "$OUT/pipeline-ingress-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "$BASE/readyz" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { echo "server died, see $OUT/pipeline-ingress-server.log"; exit 1; }
  sleep 0.2
done

echo "== command: PORT=$PORT REMOTE_PORT=$REMOTE_PORT STREAMSQL_CASSANDRA=$CASSANDRA ROWS=$ROWS ROWS_PER_REQUEST=$ROWS_PER_REQUEST" \
  "CONNECTIONS=$CONNECTIONS WORKERS=$WORKERS SERVER_CPU=$SERVER_CPU CLIENT_CPU=$CLIENT_CPU KEYSPACE=$KEYSPACE KEEP=$KEEP $0"
echo "== commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (dirty)')" \
  "(server on CPU $SERVER_CPU, client on CPU $CLIENT_CPU)"
KEEP_FLAG=()
[ "$KEEP" = 1 ] && KEEP_FLAG=(--keep)
STATUS=0
taskset -c "$CLIENT_CPU" python3 load-tests/pipeline-ingress-benchmark.py "$BASE" --rows "$ROWS" --rows-per-request "$ROWS_PER_REQUEST" \
  --connections "$CONNECTIONS" --workers "$WORKERS" --server-pid "$SERVER" "${KEEP_FLAG[@]}" || STATUS=$?
echo "== machine load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) on $(nproc) cores"
[ $STATUS = 0 ] || echo "client exited $STATUS; server log: $OUT/pipeline-ingress-server.log"
exit $STATUS
