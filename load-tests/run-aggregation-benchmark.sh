#!/usr/bin/env bash
# Aggregation benchmark: SELECT k, COUNT(*), SUM(x), AVG(y) ... GROUP BY k (WINDOW=tumbling adds
# WINDOW TUMBLING (SIZE 1 MINUTE)) over RECORDS pre-loaded ~200-byte JSON records with KEYS
# distinct source keys, timestamps spread over one hour. Prints input records/s from the
# CREATE TABLE ... AS SELECT until every input is processed and its outputs persisted, the sink
# record count, and the server heap (after a full GC) before and after the query, per 1,000 keys.
# Starts its own server (HEAP, default 2g) on PORT (8095) / STREAMSQL_REMOTE_PORT (25595) so it
# runs beside a server on :8088; uses the Cassandra at STREAMSQL_CASSANDRA (default
# 127.0.0.1:9042). SKIP_BUILD=1 reuses the last build; KEEP=1 keeps the stream and table.
#   RECORDS=1000000 KEYS=10000   ./load-tests/run-aggregation-benchmark.sh
#   RECORDS=1000000 KEYS=10000   WINDOW=tumbling ./load-tests/run-aggregation-benchmark.sh
#   RECORDS=1000000 KEYS=1000000 ./load-tests/run-aggregation-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export STREAMSQL_PORT=${PORT:-8095}
export STREAMSQL_REMOTE_PORT=${STREAMSQL_REMOTE_PORT:-25595}
export STREAMSQL_CASSANDRA=${STREAMSQL_CASSANDRA:-127.0.0.1:9042}
RECORDS=${RECORDS:-1000000}
KEYS=${KEYS:-10000}
PARTITIONS=${PARTITIONS:-4}
WINDOW=${WINDOW:-none}
HEAP=${HEAP:-2g}
BASE="http://127.0.0.1:$STREAMSQL_PORT"
OUT=load-tests/target
LOG="$OUT/aggregation-server.log"
mkdir -p "$OUT"
case "$WINDOW" in none|tumbling) ;; *) echo "WINDOW must be none or tumbling"; exit 2 ;; esac
if curl -s -o /dev/null "$BASE/healthz"; then echo "port $STREAMSQL_PORT is taken; set PORT"; exit 1; fi

# package, not install: the server runs from the modules' own jars and ~/.m2 stays untouched
[ "${SKIP_BUILD:-0}" = 1 ] || mvn -B -q -DskipTests package -pl http -am

JFR_OPTS=${JFR:+-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true}
java -Xms$HEAP -Xmx$HEAP -Xlog:gc:file=$OUT/aggregation-gc.log $JFR_OPTS \
  -cp "http/target/classes:$(cat http/target/server.classpath)" io.streamsql.http.ServerMain > "$LOG" 2>&1 &
SERVER=$!
SUFFIX="$(date +%s)"
cleanup() {
  if [ "${KEEP:-0}" != 1 ] && kill -0 $SERVER 2>/dev/null && curl -sf "$BASE/readyz" >/dev/null; then
    timeout 60 python3 load-tests/aggregation-benchmark.py drop "$BASE" "$SUFFIX" || true
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

echo "== load: $RECORDS records, $KEYS keys, $PARTITIONS partitions (server $BASE, heap $HEAP, Cassandra $STREAMSQL_CASSANDRA)"
python3 load-tests/aggregation-benchmark.py load "$BASE" "$SUFFIX" "$RECORDS" "$KEYS" "$PARTITIONS"
sleep 2
HEAP_BEFORE=$(heap_kb)
echo "heap used before the query (after full GC): $((HEAP_BEFORE / 1024)) MB"

echo "== aggregate (WINDOW=$WINDOW)"
CPU_BEFORE=$(cpu_ticks)
python3 load-tests/aggregation-benchmark.py query "$BASE" "$SUFFIX" "$RECORDS" "$WINDOW" | tee "$OUT/aggregation-query.out"
CPU_S=$(python3 -c "print(f'{($(cpu_ticks) - $CPU_BEFORE) / $(getconf CLK_TCK):.1f}')")
HEAP_AFTER=$(heap_kb)
echo "heap used after the query (after full GC): $((HEAP_AFTER / 1024)) MB (largest classes: $OUT/aggregation-histogram.txt)"
jcmd $SERVER GC.class_histogram 2>/dev/null | head -40 > "$OUT/aggregation-histogram.txt" || true

RESULT=$(grep '^RESULT' "$OUT/aggregation-query.out")
RATE=$(sed 's/.*records_per_s=\([0-9]*\).*/\1/' <<<"$RESULT")
SECS=$(sed 's/.*seconds=\([0-9.]*\).*/\1/' <<<"$RESULT")
SINK=$(sed 's/.*sink_records=\([0-9]*\).*/\1/' <<<"$RESULT")
ERRORS=$(grep -c -E '\bERROR\b|Exception' "$LOG" || true)
# state groups: keys, or for the tumbling window the (key, minute) pairs the timestamps cover
NGROUPS=$(python3 -c "
r, k = $RECORDS, $KEYS
print(k if '$WINDOW' == 'none' else len({(i % k, i * 60 // r) for i in range(r)}) if r <= 2_000_000 else r)")
python3 - <<PY
d = ($HEAP_AFTER - $HEAP_BEFORE) / 1024
per_k = ($HEAP_AFTER - $HEAP_BEFORE) / ($KEYS / 1000)
per_g = ($HEAP_AFTER - $HEAP_BEFORE) / ($NGROUPS / 1000)
print(f"SUMMARY aggregation window=$WINDOW records=$RECORDS keys=$KEYS groups=$NGROUPS: "
      f"{$RATE:,} input records/s ({$SECS}s, server CPU ${CPU_S}s = {${CPU_S} * 1e6 / $RECORDS:.1f} µs/record), "
      f"sink {$SINK:,} records persisted, heap {$HEAP_BEFORE // 1024} -> {$HEAP_AFTER // 1024} MB "
      f"(+{d:.0f} MB = {per_k:,.0f} KB per 1,000 keys, {per_g:,.0f} KB per 1,000 groups), "
      f"server log ERROR/Exception lines: $ERRORS")
PY
