#!/usr/bin/env bash
# Join benchmark. JOIN=stream-table (default): a stream of RECORDS pre-loaded ~200-byte JSON events
# whose ids all occur in a pre-loaded table of TABLE_ROWS rows, joined by
#   CREATE STREAM OUT AS SELECT e.ID, e.X, e.Y, e.PAD, d.NAME, ... FROM EV e JOIN DIM d ON e.ID = d.ID.
# JOIN=stream-stream: two streams of RECORDS/2 events each, every event of A matching exactly one
# event of B (same id, 1 s later), joined by ... FROM A a JOIN B b WITHIN 1 MINUTE ON a.ID = b.ID.
# Prints input records/s (events + table rows; events/s alone too) from the CREATE STREAM ... AS
# SELECT until every input is past stage one and the sink holds every output, the sink record
# count, and the server heap (after a full GC) before and after the query.
# Starts its own server (HEAP, default 2g) on PORT (8096) / STREAMSQL_REMOTE_PORT (25596) so it
# runs beside a server on :8088; uses the Cassandra at STREAMSQL_CASSANDRA (default
# 127.0.0.1:9042). SKIP_BUILD=1 reuses the last build; KEEP=1 keeps the streams and tables.
#   RECORDS=1000000 TABLE_ROWS=100000 JOIN=stream-table  ./load-tests/run-join-benchmark.sh
#   RECORDS=1000000                   JOIN=stream-stream ./load-tests/run-join-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export STREAMSQL_PORT=${PORT:-8096}
export STREAMSQL_REMOTE_PORT=${STREAMSQL_REMOTE_PORT:-25596}
export STREAMSQL_CASSANDRA=${STREAMSQL_CASSANDRA:-127.0.0.1:9042}
JOIN=${JOIN:-stream-table}
RECORDS=${RECORDS:-1000000}
TABLE_ROWS=${TABLE_ROWS:-100000}
PARTITIONS=${PARTITIONS:-4}
HEAP=${HEAP:-2g}
BASE="http://127.0.0.1:$STREAMSQL_PORT"
OUT=load-tests/target
LOG="$OUT/join-server.log"
mkdir -p "$OUT"
case "$JOIN" in stream-table|stream-stream) ;; *) echo "JOIN must be stream-table or stream-stream"; exit 2 ;; esac
if curl -s -o /dev/null "$BASE/healthz"; then echo "port $STREAMSQL_PORT is taken; set PORT"; exit 1; fi

# package, not install: the server runs from the modules' own jars and ~/.m2 stays untouched
[ "${SKIP_BUILD:-0}" = 1 ] || mvn -B -q -DskipTests package -pl http -am

JFR_OPTS=${JFR:+-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true}
java -Xms$HEAP -Xmx$HEAP -Xlog:gc:file=$OUT/join-gc.log $JFR_OPTS \
  -cp "http/target/classes:$(cat http/target/server.classpath)" io.streamsql.http.ServerMain > "$LOG" 2>&1 &
SERVER=$!
SUFFIX="$(date +%s)"
cleanup() {
  if [ "${KEEP:-0}" != 1 ] && kill -0 $SERVER 2>/dev/null && curl -sf "$BASE/readyz" >/dev/null; then
    timeout 60 python3 load-tests/join-benchmark.py drop "$BASE" "$SUFFIX" "$JOIN" || true
  fi
  kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 600); do
  curl -sf "$BASE/readyz" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { echo "server died, see $LOG"; exit 1; }
  sleep 0.5
done
curl -sf "$BASE/readyz" >/dev/null || { echo "server not ready after 300 s, see $LOG"; exit 1; }

# used heap in KB after a full GC (survivor + eden + old used, any collector)
heap_kb() {
  jcmd $SERVER GC.run >/dev/null
  jstat -gc $SERVER | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 { printf "%d\n", $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"] }'
}
cpu_ticks() { awk '{print $14 + $15}' /proc/$SERVER/stat; }

if [ "$JOIN" = stream-table ]; then WHAT="$RECORDS events, $TABLE_ROWS table rows"; else WHAT="2 x $((RECORDS / 2)) events"; fi
echo "== load ($JOIN): $WHAT, $PARTITIONS partitions (server $BASE, heap $HEAP, Cassandra $STREAMSQL_CASSANDRA)"
python3 load-tests/join-benchmark.py load "$BASE" "$SUFFIX" "$JOIN" "$RECORDS" "$TABLE_ROWS" "$PARTITIONS"
sleep 2
HEAP_BEFORE=$(heap_kb)
echo "heap used before the query (after full GC): $((HEAP_BEFORE / 1024)) MB"

echo "== join (JOIN=$JOIN)"
CPU_BEFORE=$(cpu_ticks)
python3 load-tests/join-benchmark.py query "$BASE" "$SUFFIX" "$JOIN" "$RECORDS" "$TABLE_ROWS" | tee "$OUT/join-query.out"
CPU_S=$(python3 -c "print(f'{($(cpu_ticks) - $CPU_BEFORE) / $(getconf CLK_TCK):.1f}')")
HEAP_AFTER=$(heap_kb)
echo "heap used after the query (after full GC): $((HEAP_AFTER / 1024)) MB (largest classes: $OUT/join-histogram.txt)"
jcmd $SERVER GC.class_histogram 2>/dev/null | head -40 > "$OUT/join-histogram.txt" || true

RESULT=$(grep '^RESULT' "$OUT/join-query.out")
field() { sed "s/.* $1=\([0-9.]*\).*/\1/" <<<"$RESULT"; }
INPUTS=$(field input_records); EVENTS=$(field events); TROWS=$(field table_rows)
RATE=$(field records_per_s); EVRATE=$(field events_per_s); SECS=$(field seconds)
SINK=$(field sink_records); EXPECTED=$(field expected)
ERRORS=$(grep -c -E '\bERROR\b|Exception' "$LOG" || true)
python3 - <<PY
d = ($HEAP_AFTER - $HEAP_BEFORE) / 1024
print(f"SUMMARY join=$JOIN inputs={$INPUTS:,} (events {$EVENTS:,} + table rows {$TROWS:,}) partitions=$PARTITIONS: "
      f"{$RATE:,} input records/s = {$EVRATE:,} events/s ({$SECS}s, server CPU ${CPU_S}s = "
      f"{${CPU_S} * 1e6 / $INPUTS:.1f} µs/input record), sink {$SINK:,} of {$EXPECTED:,} expected records persisted, "
      f"heap {$HEAP_BEFORE // 1024} -> {$HEAP_AFTER // 1024} MB (+{d:.0f} MB), "
      f"server log ERROR/Exception lines: $ERRORS")
PY
