#!/usr/bin/env bash
# Kafka source connector ingest benchmark: a KRaft broker in its own JVM (from the kafka jars,
# KafkaBenchBroker) fills a topic of PARTITIONS partitions with MESSAGES keyed JSON messages of
# BYTES bytes; a server (its own keyspaces, KEYSPACE) then gets POST /v1/connectors/kafka for
# the topic, and the run measures messages/s from the request until the connector's status
# counts every message (records = MESSAGES, lag 0), then checks the stream's record count.
# Needs a Cassandra on STREAMSQL_CASSANDRA.
#
#   PORT=18302 REMOTE_PORT=25702 STREAMSQL_CASSANDRA=127.0.0.1:9042 load-tests/run-kafka-ingest-benchmark.sh
#   MESSAGES=50000 …   (smoke run)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18302}
REMOTE_PORT=${REMOTE_PORT:-25702}
CASSANDRA=${STREAMSQL_CASSANDRA:-127.0.0.1:9042}
MESSAGES=${MESSAGES:-1000000}
BYTES=${BYTES:-200}
PARTITIONS=${PARTITIONS:-4}
KEYSPACE=${KEYSPACE:-streamsql_kafkabench}
BASE="http://127.0.0.1:$PORT"
OUT=load-tests/target
TOPIC="bench_$(date +%s)"
mkdir -p "$OUT"

# Build in this checkout's reactor (never install: ~/.m2 is shared); the classpaths name this checkout's jars.
mvn -B -o -q -DskipTests test-compile package -pl http -am
mvn -B -o -q dependency:build-classpath -pl cluster -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
CP="http/target/classes:$(cat http/target/server.classpath)"
BROKER_CP="cluster/target/test-classes:cluster/target/classes:$(cat cluster/target/test.classpath)"

java -Xmx1g -cp "$BROKER_CP" io.streamsql.cluster.connectors.kafka.KafkaBenchBroker "$TOPIC" "$PARTITIONS" "$MESSAGES" "$BYTES" \
  > "$OUT/kafka-bench-broker.log" 2>&1 &
BROKER=$!
SERVER=
trap 'kill $BROKER 2>/dev/null; [ -n "$SERVER" ] && kill $SERVER 2>/dev/null; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 3000); do
  grep -q '^PRODUCED=' "$OUT/kafka-bench-broker.log" && break
  kill -0 $BROKER 2>/dev/null || { echo "broker died, see $OUT/kafka-bench-broker.log"; exit 1; }
  sleep 0.2
done
BOOTSTRAP=$(sed -n 's/^BOOTSTRAP=//p' "$OUT/kafka-bench-broker.log")
echo "== broker $BOOTSTRAP: $(grep '^PRODUCED=' "$OUT/kafka-bench-broker.log")"

STREAMSQL_PORT=$PORT STREAMSQL_REMOTE_PORT=$REMOTE_PORT STREAMSQL_CASSANDRA=$CASSANDRA \
  java -Xms1g -Xmx1g ${SERVER_OPTS:-} \
  -Dpekko.persistence.cassandra.journal.keyspace="$KEYSPACE" -Dpekko.persistence.cassandra.snapshot.keyspace="${KEYSPACE}_snapshot" \
  -cp "$CP" io.streamsql.http.ServerMain > "$OUT/kafka-bench-server.log" 2>&1 &
SERVER=$!
READY=0
for _ in $(seq 1 600); do
  curl -sf "$BASE/readyz" >/dev/null && { READY=1; break; }
  kill -0 $SERVER 2>/dev/null || { echo "server died, see $OUT/kafka-bench-server.log"; exit 1; }
  sleep 0.2
done
[ $READY = 1 ] || { echo "server not ready within 120 s (is Cassandra up on $CASSANDRA?), see $OUT/kafka-bench-server.log"; exit 1; }

echo "== command: PORT=$PORT REMOTE_PORT=$REMOTE_PORT STREAMSQL_CASSANDRA=$CASSANDRA MESSAGES=$MESSAGES BYTES=$BYTES PARTITIONS=$PARTITIONS KEYSPACE=$KEYSPACE $0"
echo "== commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (dirty)')"
START=$(date +%s.%N)
curl -sf -X POST "$BASE/v1/connectors/kafka" -H 'Content-Type: application/json' \
  -d "{\"name\": \"$TOPIC\", \"brokers\": [\"$BOOTSTRAP\"], \"format\": \"json\"}" > /dev/null
# Status polling is the measurement's clock: every 0.5 s, at most 30 minutes.
RECORDS=0
for _ in $(seq 1 3600); do
  RECORDS=$(curl -sf "$BASE/v1/connectors/kafka/$TOPIC" | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
  [ "$RECORDS" -ge "$MESSAGES" ] && break
  sleep 0.5
done
END=$(date +%s.%N)
STORED=$(curl -sf "$BASE/v1/streams/$TOPIC" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("records", d.get("record_count", "?")))')
python3 - "$START" "$END" "$MESSAGES" "$BYTES" "$RECORDS" "$STORED" <<'PY'
import sys
start, end, n, size, recorded, stored = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
s = end - start
print(f"== {recorded} of {n} messages ingested in {s:.1f} s: {n / s:,.0f} messages/s, {n * size / s / 1e6:.1f} MB/s; stream holds {stored}")
PY
echo "== machine load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) on $(nproc) cores"
curl -sf -X DELETE "$BASE/v1/connectors/kafka/$TOPIC" > /dev/null || true
