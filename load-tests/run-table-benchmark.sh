#!/usr/bin/env bash
# Table benchmark: load ROWS rows of 200 bytes (1,000 per request, 8 connections) into a dynamic
# table, measure the heap they take, restart the server and time until gets are served again,
# then get random rows at RATE/s. Uses a local Cassandra unless one listens on 9042 or
# STREAMSQL_CASSANDRA is set.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8088}
ROWS=${ROWS:-1000000}
RATE=${RATE:-2000}
SECONDS_GETS=${SECONDS_GETS:-60}
HEAP=${HEAP:-2g}
BASE="http://127.0.0.1:$PORT"
OUT=load-tests/target
mkdir -p "$OUT"

mvn -B -q -DskipTests install -pl http -am
mvn -B -q test-compile -pl load-tests
CP="http/target/classes:$(cat http/target/server.classpath)"

start_server() {
  STREAMSQL_PORT=$PORT java -Xms$HEAP -Xmx$HEAP -cp "$CP" io.streamsql.http.ServerMain >> "$OUT/table-server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do
    curl -sf "$BASE/readyz" >/dev/null && return 0
    kill -0 $SERVER 2>/dev/null || { echo "server died, see $OUT/table-server.log"; exit 1; }
    sleep 0.2
  done
}
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
start_server

TABLE="tbench_$(date +%s)"
curl -sf -XPOST "$BASE/v1/tables" -d "{\"name\":\"$TABLE\",\"primary_key\":\"id\"}" >/dev/null
echo "== load: $ROWS rows of 200 bytes, 1000 per request, 8 connections"
mvn -B gatling:test -pl load-tests -Dsimulation=io.streamsql.loadtests.TableLoadSimulation -Dtable="$TABLE" \
  -Drows="$ROWS" -DbaseUrl="$BASE" > "$OUT/gatling-table-load.log" 2>&1 || { tail -40 "$OUT/gatling-table-load.log"; exit 1; }
python3 load-tests/gatling-summary.py "$OUT/gatling-table-load.log" 1000 "acknowledged rows"

echo "== heap with $ROWS rows loaded (after a full GC)"
jcmd $SERVER GC.run >/dev/null
jcmd $SERVER GC.heap_info | sed -n '2p'

echo "== restart"
kill $SERVER; wait $SERVER 2>/dev/null || true
T0=$(date +%s.%N)
start_server
# served again = rows of every partition answer (32 keys cover all partitions)
for k in $(seq 0 31); do until curl -sf "$BASE/v1/tables/$TABLE/rows/$k" >/dev/null; do sleep 0.1; done; done
T1=$(date +%s.%N)
python3 -c "print(f'gets served again from every partition {$T1 - $T0:.1f}s after the restart began (JVM start, cluster, recovery)')"

echo "== gets: 20 s warm-up, then $RATE/s for ${SECONDS_GETS}s"
mvn -B gatling:test -pl load-tests -Dsimulation=io.streamsql.loadtests.TableGetSimulation -Dtable="$TABLE" \
  -Drows="$ROWS" -Drate="$RATE" -Dseconds=20 -DbaseUrl="$BASE" > "$OUT/gatling-table-warmup.log" 2>&1 || true
mvn -B gatling:test -pl load-tests -Dsimulation=io.streamsql.loadtests.TableGetSimulation -Dtable="$TABLE" \
  -Drows="$ROWS" -Drate="$RATE" -Dseconds="$SECONDS_GETS" -DbaseUrl="$BASE" > "$OUT/gatling-table-gets.log" 2>&1 || { tail -40 "$OUT/gatling-table-gets.log"; exit 1; }
python3 load-tests/gatling-summary.py "$OUT/gatling-table-gets.log" 1 "gets"

# Gatling shares the 2 cores with the server; wrk (Debian package, optional) is lighter.
if command -v wrk >/dev/null; then
  echo "== gets with wrk: 1 connection, closed loop, random keys, 20 s"
  cat > "$OUT/random-get.lua" <<LUA
request = function()
  return wrk.format("GET", "/v1/tables/$TABLE/rows/" .. math.random(0, $ROWS - 1))
end
LUA
  wrk -t1 -c1 -d20s --latency -s "$OUT/random-get.lua" "$BASE" | grep -E 'Requests/sec|50%|90%|99%'
fi
