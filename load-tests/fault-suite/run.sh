#!/usr/bin/env bash
# Fault-injection suite: each scenario starts a 3-node cluster (ops/cluster.sh), a persistent query
# and sustained ingest (ingest.py), injects its fault, stops ingest and checks (check.py).
#
#   load-tests/fault-suite/run.sh [kill|kill-loop|rolling|cassandra|slow-readers ...]   (default: all)
#
# Ports: HTTP 19401-19403, Pekko 26401-26403; the cassandra scenario starts a private Cassandra on
# CQL 9142 / storage 7142 (data under /tmp) and stops only that one. Other scenarios use
# STREAMSQL_CASSANDRA (default 127.0.0.1:9042) with keyspace streamsql_fault. Results in
# OUT (default /tmp/streamsql-fault-suite/<scenario>/report.json). Build first.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-/tmp/streamsql-fault-suite}
CLIENTS=${CLIENTS:-4}
PARTITIONS=${PARTITIONS:-6}
WARMUP=${WARMUP:-20}
export HTTP_BASE=${HTTP_BASE:-19400} REMOTE_BASE=${REMOTE_BASE:-26400} KEYSPACE=${KEYSPACE:-streamsql_fault}
export STREAMSQL_CASSANDRA=${STREAMSQL_CASSANDRA:-127.0.0.1:9042}
CLUSTER="$ROOT/ops/cluster.sh"
URLS="http://127.0.0.1:$((HTTP_BASE + 1)) http://127.0.0.1:$((HTTP_BASE + 2)) http://127.0.0.1:$((HTTP_BASE + 3))"
CASSANDRA_PID=

ksql() { curl -sf -X POST -H 'Content-Type: application/json' --data "{\"ksql\":\"$2\"}" "$1/ksql" >/dev/null; }

start_private_cassandra() {
  local dir=/tmp/streamsql-fault-cassandra
  java -cp "$ROOT/ops/cassandra-launcher/target/classes" io.streamsql.ops.cassandra.LocalCassandra "$dir" 9142 7142 \
    >>"$OUT/cassandra-launcher.log" 2>&1 &
  CASSANDRA_PID=$!
  until (exec 3<>/dev/tcp/127.0.0.1/9142) 2>/dev/null; do
    kill -0 "$CASSANDRA_PID" 2>/dev/null || { echo "the private Cassandra did not start: see $OUT/cassandra-launcher.log" >&2; return 1; }
    sleep 1
  done
}

stop_private_cassandra() {
  # The launcher's shutdown hook stops the Cassandra process it started (only that one).
  [[ -n $CASSANDRA_PID ]] && kill "$CASSANDRA_PID" && wait "$CASSANDRA_PID" || true
  CASSANDRA_PID=
}

scenario() {
  local name=$1 dir="$OUT/$1" t0=$SECONDS
  rm -rf "$dir"; mkdir -p "$dir"
  export CLUSTER_DIR="$dir/cluster"
  if [[ $name == cassandra ]]; then start_private_cassandra || return 1; export STREAMSQL_CASSANDRA=127.0.0.1:9142; fi
  # A scenario needs its cluster: without it the rest would only measure refused connections.
  if ! "$CLUSTER" start 3; then "$CLUSTER" stop; echo "[$name] FAIL: the cluster did not start"; return 1; fi
  local suffix; suffix=$(date +%s)
  local src="FS_${suffix}" topic="fs_${suffix}" out="fs_${suffix}_out"
  local first=${URLS%% *}
  ksql "$first" "CREATE STREAM $src (K STRING KEY, ID STRING, P INT) WITH (kafka_topic='$topic', partitions=$PARTITIONS, value_format='JSON');"
  ksql "$first" "CREATE STREAM ${src}_OUT WITH (kafka_topic='$out') AS SELECT K, ID, P FROM $src;"
  python3 "$HERE/ingest.py" "$dir" "$topic" "$PARTITIONS" "$CLIENTS" $URLS &
  local ingest=$!
  sleep "$WARMUP"
  local fault_at; fault_at=$(date +%s.%N)
  echo "[$name] fault at $fault_at"
  case $name in
    kill) "$CLUSTER" kill-node 2; sleep 40 ;;
    # start-node waits for /readyz (READY_TIMEOUT, default 180 s; raise it on a loaded machine).
    kill-loop) for i in 2 3 2; do "$CLUSTER" kill-node "$i"; sleep 15; "$CLUSTER" start-node "$i"; sleep 10; done ;;
    rolling) for i in 1 2 3; do "$CLUSTER" stop-node "$i"; "$CLUSTER" start-node "$i"; sleep 5; done; sleep 10 ;;
    cassandra) stop_private_cassandra; sleep 30; start_private_cassandra || true; sleep 40 ;;
    slow-readers)
      python3 "$HERE/slow-readers.py" "$dir" "$topic" "${READERS:-300}" $URLS & sleep 60 ;;
    *) echo "unknown scenario $name" >&2; exit 2 ;;
  esac
  touch "$dir/stop"; wait "$ingest"
  local status=0
  "$CLUSTER" status | tee "$dir/status.txt"
  python3 "$HERE/check.py" "$dir" "$first" "$topic" "$out" "$fault_at" || status=$?
  "$CLUSTER" stop
  if [[ $name == cassandra ]]; then stop_private_cassandra; export STREAMSQL_CASSANDRA=127.0.0.1:9042; fi
  echo "[$name] $( ((status == 0)) && echo PASS || echo FAIL ) in $((SECONDS - t0)) s; report: $dir/report.json"
  return $status
}

trap '[[ -n $CASSANDRA_PID ]] && kill $CASSANDRA_PID 2>/dev/null; CLUSTER_DIR=${CLUSTER_DIR:-/nonexistent} "$CLUSTER" stop 2>/dev/null || true' EXIT
mkdir -p "$OUT"
failed=0; start=$SECONDS
for s in "${@:-kill kill-loop rolling cassandra slow-readers}"; do
  for one in $s; do scenario "$one" || failed=1; done
done
echo "suite took $((SECONDS - start)) s"
exit $failed
