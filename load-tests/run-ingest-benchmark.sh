#!/usr/bin/env bash
# Ingest + read-back benchmark (issue: 1,000,000 events of 200-byte JSON, 1,000 per request,
# 8 connections). Starts a server with a 1 GB heap (and a local Cassandra unless one listens
# on 9042 or STREAMSQL_CASSANDRA is set; JFR=file.jfr also profiles the server), runs the Gatling simulation, then reads everything back.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8088}
EVENTS=${EVENTS:-1000000}
USERS=${USERS:-8}
PER_REQUEST=${PER_REQUEST:-1000}
PARTITIONS=${PARTITIONS:-4}
BASE="http://127.0.0.1:$PORT"
OUT=load-tests/target
mkdir -p "$OUT"

# package, not install: a reactor build puts the modules' own jars on server.classpath and
# leaves the shared ~/.m2 snapshots alone
mvn -B -q -DskipTests package -pl http -am
mvn -B -q test-compile -pl load-tests

# JFR=file.jfr records a CPU profile of the server (see docs/operations.md)
JFR_OPTS=${JFR:+-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true}
STREAMSQL_PORT=$PORT java -Xms1g -Xmx1g -Xlog:gc:file=$OUT/server-gc.log $JFR_OPTS \
  -cp "http/target/classes:$(cat http/target/server.classpath)" io.streamsql.http.ServerMain > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "$BASE/readyz" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { echo "server died, see $OUT/server.log"; exit 1; }
  sleep 0.5
done

STREAM="bench_$(date +%s)"
curl -sf -XPOST "$BASE/v1/streams" -d "{\"name\":\"$STREAM\",\"partitions\":$PARTITIONS}" >/dev/null
echo "== ingest: $EVENTS events, $PER_REQUEST per request, $USERS connections, $PARTITIONS partitions"
# Server CPU time per event is steadier than events/s on a machine shared with other work.
cpu_ticks() { awk '{print $14 + $15}' /proc/$SERVER/stat; }
CPU_BEFORE=$(cpu_ticks)
mvn -B gatling:test -pl load-tests -Dstream="$STREAM" -Devents="$EVENTS" -Dusers="$USERS" \
  -DeventsPerRequest="$PER_REQUEST" -DbaseUrl="$BASE" > "$OUT/gatling.log" 2>&1 || { tail -50 "$OUT/gatling.log"; exit 1; }
python3 load-tests/gatling-summary.py "$OUT/gatling.log" "$PER_REQUEST" "acknowledged events"
python3 -c "s=($(cpu_ticks)-$CPU_BEFORE)/$(getconf CLK_TCK); print(f'server CPU during ingest: {s:.1f}s = {s*1e6/$EVENTS:.1f} µs per event')"

echo "== read back from earliest"
START=$(date +%s.%N)
LINES=$(curl -sf "$BASE/v1/streams/$STREAM/events?from=earliest" | wc -l)
END=$(date +%s.%N)
python3 -c "d=$END-$START; print(f'read {$LINES:,} events in {d:.1f}s = {$LINES/d:,.0f} events/s')"

echo "== server heap"
jcmd $SERVER GC.heap_info | sed -n '2,3p' || true
grep -o 'Pause.*' "$OUT/server-gc.log" | awk -F'->' '{print $2}' | awk -F'(' '{print $1}' | sort -h | tail -1 | sed 's/^/max heap after GC: /'
