#!/usr/bin/env bash
# Pull query benchmark: key lookups of an aggregation's materialized table over HTTP/1.1
# (POST /query-stream, "SELECT * FROM PB_BY_CAT WHERE CAT = 'c<random>';") at RATE/s for SECONDS,
# open model (PullQueryLoad: each query due at its time, latency measured from then). The server
# is pinned to core SERVER_CPU and the client to CLIENT_CPU, so the client does not take the
# server's core. The server keeps its journal in its own keyspaces (KEYSPACE), so runs do not mix
# with other servers sharing the Cassandra. Needs a Cassandra on STREAMSQL_CASSANDRA.
#
#   PORT=18097 REMOTE_PORT=25597 STREAMSQL_CASSANDRA=127.0.0.1:9042 RATE=2000 load-tests/run-pull-query-benchmark.sh
#   WARMUP=120 RATES="100 2000" …   (several rates after one warm-up)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18097}
REMOTE_PORT=${REMOTE_PORT:-25597}
CASSANDRA=${STREAMSQL_CASSANDRA:-127.0.0.1:9042}
RATE=${RATE:-2000}
SECONDS_RUN=${SECONDS_RUN:-60}
WARMUP=${WARMUP:-30}
GROUP_COUNT=${GROUP_COUNT:-10000}
CONNECTIONS=${CONNECTIONS:-16}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
KEYSPACE=${KEYSPACE:-streamsql_pullbench}
BASE="http://127.0.0.1:$PORT"
OUT=load-tests/target
mkdir -p "$OUT" "$OUT/pull-client"

# Build in this checkout's reactor (never install: ~/.m2 is shared); the classpath then names this checkout's jars.
mvn -B -o -q -DskipTests package -pl http -am
javac -d "$OUT/pull-client" load-tests/src/test/java/io/streamsql/loadtests/PullQueryLoad.java
CP="http/target/classes:$(cat http/target/server.classpath)"

STREAMSQL_PORT=$PORT STREAMSQL_REMOTE_PORT=$REMOTE_PORT STREAMSQL_CASSANDRA=$CASSANDRA \
  taskset -c "$SERVER_CPU" java -Xms1g -Xmx1g \
  -Dpekko.persistence.cassandra.journal.keyspace="$KEYSPACE" -Dpekko.persistence.cassandra.snapshot.keyspace="${KEYSPACE}_snapshot" \
  -cp "$CP" io.streamsql.http.ServerMain > "$OUT/pull-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "$BASE/readyz" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { echo "server died, see $OUT/pull-server.log"; exit 1; }
  sleep 0.2
done

# Two events per group; the table is created once per keyspace and reused by later runs.
if ! curl -sf "$BASE/query-stream" -d '{"sql":"SELECT * FROM PB_BY_CAT WHERE CAT = '"'"'c0'"'"';"}' | grep -q '"c0"'; then
  echo "== load: $((2 * GROUP_COUNT)) events into $GROUP_COUNT groups"
  curl -sf "$BASE/ksql" -d "{\"ksql\":\"CREATE STREAM IF NOT EXISTS PB_EVENTS (ID STRING KEY, CAT STRING, X BIGINT) WITH (kafka_topic='pb_events', partitions=4, value_format='JSON'); CREATE TABLE IF NOT EXISTS PB_BY_CAT AS SELECT CAT, COUNT(*) AS N, SUM(X) AS TOTAL FROM PB_EVENTS GROUP BY CAT;\"}" >/dev/null
  python3 -c "
import json
for i in range(2 * $GROUP_COUNT):
    print(json.dumps({'key': 'e%d' % i, 'value': {'CAT': 'c%d' % (i % $GROUP_COUNT), 'X': i}}))
" | curl -sf -XPOST "$BASE/v1/topics/pb_events/records" --data-binary @- >/dev/null
fi
# The aggregation runs asynchronously: wait until the last group has both events.
LAST="c$((GROUP_COUNT - 1))"
until curl -sf "$BASE/query-stream" -d "{\"sql\":\"SELECT N FROM PB_BY_CAT WHERE CAT = '$LAST';\"}" | grep -q '^\[2\]'; do sleep 0.5; done

client() {
  taskset -c "$CLIENT_CPU" java -Xmx256m -cp "$OUT/pull-client" io.streamsql.loadtests.PullQueryLoad \
    "$BASE" PB_BY_CAT CAT "$GROUP_COUNT" "$1" "$2" "$CONNECTIONS"
}
WARMUP_RATE=${WARMUP_RATE:-200}
echo "== warm-up: $WARMUP_RATE/s for ${WARMUP}s"
client "$WARMUP_RATE" "$WARMUP"
# RATES: several rates measured one after the other on the same warmed server (default: RATE).
for R in ${RATES:-$RATE}; do
  echo "== key lookups: $R/s for ${SECONDS_RUN}s, $CONNECTIONS connections (server on CPU $SERVER_CPU, client on CPU $CLIENT_CPU)"
  T0=$(awk '{print $14 + $15}' /proc/$SERVER/stat)
  client "$R" "$SECONDS_RUN"
  T1=$(awk '{print $14 + $15}' /proc/$SERVER/stat)
  python3 -c "print(f'server CPU {($T1 - $T0) / $(getconf CLK_TCK):.1f} s over the ${SECONDS_RUN} s run')"
done
echo "== machine load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) on $(nproc) cores"
