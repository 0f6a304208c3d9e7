#!/usr/bin/env bash
# POST /inserts-stream benchmark: ONE HTTP/2 cleartext connection (prior knowledge) streams ROWS
# rows (after a WARMUP run on its own connection) and reports acked rows/s, ack latency p50/p99,
# and the server's CPU time per 1,000 rows (steadier than rows/s on a shared machine).
# Starts its own server on PORT (default 18098) against STREAMSQL_CASSANDRA (default 127.0.0.1:9042).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18098}
REMOTE_PORT=${REMOTE_PORT:-25598}
ROWS=${ROWS:-1000000}
WARMUP=${WARMUP:-200000}
OUT=load-tests/target
mkdir -p "$OUT"

# package, not install: the reactor's own jars go on server.classpath, ~/.m2 is left alone
mvn -B -q -o -DskipTests package -pl http -am
mvn -B -q -o test-compile -pl load-tests

STREAMSQL_PORT=$PORT STREAMSQL_REMOTE_PORT=$REMOTE_PORT STREAMSQL_CASSANDRA=${STREAMSQL_CASSANDRA:-127.0.0.1:9042} \
  java -Xms1g -Xmx1g -cp "http/target/classes:$(cat http/target/server.classpath)" io.streamsql.http.ServerMain \
  > "$OUT/inserts-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { echo "server died, see $OUT/inserts-server.log"; exit 1; }
  sleep 0.5
done

cpu_ticks() { awk '{print $14 + $15}' /proc/$SERVER/stat; }
CPU_BEFORE=$(cpu_ticks)
java -Xmx1g -cp "load-tests/target/test-classes:$(cat http/target/server.classpath)" \
  io.streamsql.loadtests.InsertsStreamBenchmark "http://127.0.0.1:$PORT" "$ROWS" "$WARMUP" 2>&1 | grep -v ' DEBUG \| INFO '
CPU_AFTER=$(cpu_ticks)
TICKS=$(getconf CLK_TCK)
awk -v t=$((CPU_AFTER - CPU_BEFORE)) -v hz="$TICKS" -v n=$((ROWS + WARMUP)) \
  'BEGIN { printf "server CPU: %.1f s for %d rows (warm-up included) = %.1f ms per 1,000 rows\n", t / hz, n, 1e6 * t / hz / n }'
