#!/usr/bin/env bash
# Live-tail latency benchmark: appends RATE events/s (default 10,000; ~200-byte JSON, keyed over
# PARTITIONS partitions) for DURATION_SECONDS (60) and measures append acknowledged -> event received by a
# reader following the stream over HTTP; prints p50/p90/p99/p99.9/max (HdrHistogram) after a
# WARMUP_SECONDS (5) warm-up. The reader defaults to
#   GET /v1/streams/{stream}/events?from=latest&follow=true
# READ_PATH/READ_BODY point it elsewhere, e.g. at a push query (the stream must then be a SQL
# source whose first column is the id):
#   READ_PATH=/query-stream READ_BODY='{"sql":"SELECT * FROM S EMIT CHANGES;","properties":{"auto.offset.reset":"latest"}}'
# Starts its own server (HEAP, default 1g) on PORT (18099) / STREAMSQL_REMOTE_PORT (25599) against
# the Cassandra at STREAMSQL_CASSANDRA (127.0.0.1:9042); SKIP_BUILD=1 reuses the last build;
# SERVER_OPTS adds JVM options (e.g. -Dstreamsql.log.live.enabled=off for the polling reader).
# Push-query latency (insert acknowledged -> row received by a /query-stream client):
#   CREATE=0 STREAM=pushbench SETUP_SQL="CREATE STREAM PUSHBENCH (ID BIGINT, USER STRING, PAD STRING) WITH (kafka_topic='pushbench', partitions=4, value_format='JSON');" \
#   READ_PATH=/query-stream READ_BODY='{"sql":"SELECT ID FROM PUSHBENCH EMIT CHANGES;"}' ./load-tests/run-tail-latency-benchmark.sh
#   ./load-tests/run-tail-latency-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export STREAMSQL_PORT=${PORT:-18099}
export STREAMSQL_REMOTE_PORT=${STREAMSQL_REMOTE_PORT:-25599}
export STREAMSQL_CASSANDRA=${STREAMSQL_CASSANDRA:-127.0.0.1:9042}
HEAP=${HEAP:-1g}
export BASE="http://127.0.0.1:$STREAMSQL_PORT"
OUT=load-tests/target
LOG="$OUT/tail-latency-server.log"
mkdir -p "$OUT"
if curl -s -o /dev/null "$BASE/healthz"; then echo "port $STREAMSQL_PORT is taken; set PORT"; exit 1; fi

# package, not install: the server runs from the modules' own jars and ~/.m2 stays untouched
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -DskipTests package -pl http -am
  mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -DincludeArtifactIds=HdrHistogram -pl load-tests
fi

java -Xms$HEAP -Xmx$HEAP ${SERVER_OPTS:-} \
  -cp "http/target/classes:$(cat http/target/server.classpath)" io.streamsql.http.ServerMain > "$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "$BASE/readyz" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { echo "server died, see $LOG"; exit 1; }
  sleep 0.5
done
curl -sf "$BASE/readyz" >/dev/null || { echo "server not ready after 300 s, see $LOG"; exit 1; }
# SETUP_SQL runs on /ksql before the benchmark, e.g. the SQL stream a push query reads (with CREATE=0 STREAM=…).
if [ -n "${SETUP_SQL:-}" ]; then
  curl -sf "$BASE/ksql" -d "$(printf '{"ksql":"%s"}' "$SETUP_SQL")" >/dev/null || { echo "SETUP_SQL failed"; exit 1; }
fi

java -Xmx512m -cp "load-tests/target/classes:$(cat load-tests/target/bench.classpath)" \
  io.streamsql.loadtests.TailLatencyBenchmark | tee "$OUT/tail-latency.out"
[ "${KEEP:-0}" = 1 ] || curl -s -o /dev/null -XDELETE "$BASE/v1/streams/$(sed -n 's/^RESULT stream=\([^ ]*\).*/\1/p' "$OUT/tail-latency.out")"
echo "server log ERROR/Exception lines: $(grep -c -E '\bERROR\b|Exception' "$LOG" || true)"
