#!/usr/bin/env bash
# Runs an N-node local StreamSQL cluster on one Cassandra, for demos and the fault-injection suite.
#
#   ops/cluster.sh start N      start nodes 1..N (node 1 forms the cluster); prints their URLs
#   ops/cluster.sh stop         SIGTERM every node (graceful leave), kill -9 after 60 s
#   ops/cluster.sh status       one line per node: URL, pid, ready or not
#   ops/cluster.sh start-node I / stop-node I / kill-node I   one node (restart, SIGTERM, kill -9)
#
# Environment: STREAMSQL_CASSANDRA (default 127.0.0.1:9042; without a listening node there, start
# one with ops/cassandra-launcher), CLUSTER_DIR (logs and pid files, default ./data/cluster),
# HTTP_BASE (node I serves on HTTP_BASE+I, default 8087), REMOTE_BASE (Pekko remote port
# REMOTE_BASE+I, default 25519), KEYSPACE (journal keyspace; snapshots in KEYSPACE_snapshot;
# default streamsql), HEAP (default 512m), SERVER_OPTS (extra JVM options). Build first:
# mvn -B -o -q -pl http -am -DskipTests package (ops/cluster.sh does not build).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CLUSTER_DIR=${CLUSTER_DIR:-$ROOT/data/cluster}
HTTP_BASE=${HTTP_BASE:-8087}
REMOTE_BASE=${REMOTE_BASE:-25519}
KEYSPACE=${KEYSPACE:-streamsql}
HEAP=${HEAP:-512m}
CASSANDRA=${STREAMSQL_CASSANDRA:-127.0.0.1:9042}
mkdir -p "$CLUSTER_DIR"

url() { echo "http://127.0.0.1:$((HTTP_BASE + $1))"; }
pidfile() { echo "$CLUSTER_DIR/node$1.pid"; }
alive() { [[ -f $(pidfile "$1") ]] && kill -0 "$(cat "$(pidfile "$1")")" 2>/dev/null; }
ready() { curl -sf -o /dev/null --max-time 3 "$(url "$1")/readyz"; }

start_node() {
  local i=$1 first_start=${2:-no}
  if alive "$i"; then echo "node $i already running (pid $(cat "$(pidfile "$i")"))"; return; fi
  [[ -f http/target/server.classpath ]] || { echo "build first: mvn -B -o -q -pl http -am -DskipTests package" >&2; exit 1; }
  # Built with -pl http alone, the classpath names the modules' jars in ~/.m2 (maybe stale), not this tree's.
  if grep -q "/io/streamsql/" http/target/server.classpath; then echo "rebuild with -am: http/target/server.classpath uses installed StreamSQL jars" >&2; exit 1; fi
  STREAMSQL_PORT=$((HTTP_BASE + i)) STREAMSQL_REMOTE_PORT=$((REMOTE_BASE + i)) STREAMSQL_CASSANDRA=$CASSANDRA \
  STREAMSQL_SEED_NODES="$(seeds "$i" "$first_start")" \
  STREAMSQL_DATA_DIR="$CLUSTER_DIR/node$i-data" \
    nohup java -Xms"$HEAP" -Xmx"$HEAP" ${SERVER_OPTS:-} \
      -Dpekko.persistence.cassandra.journal.keyspace="$KEYSPACE" \
      -Dpekko.persistence.cassandra.snapshot.keyspace="${KEYSPACE}_snapshot" \
      -cp "http/target/classes:$(cat http/target/server.classpath)" io.streamsql.http.ServerMain \
      >>"$CLUSTER_DIR/node$i.log" 2>&1 &
  echo $! >"$(pidfile "$i")"
}

await_ready() {
  local i=$1 deadline=$((SECONDS + ${READY_TIMEOUT:-180}))
  until ready "$i"; do
    alive "$i" || { echo "node $i exited; see $CLUSTER_DIR/node$i.log" >&2; return 1; }
    ((SECONDS < deadline)) || { echo "node $i not ready within ${READY_TIMEOUT:-180}s" >&2; return 1; }
    sleep 0.5
  done
  echo "node $i ready: $(url "$i") (pid $(cat "$(pidfile "$i")"))"
}

stop_node() {
  local i=$1 signal=${2:-TERM}
  alive "$i" || return 0
  local pid; pid=$(cat "$(pidfile "$i")")
  kill -"$signal" "$pid"
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$(pidfile "$i")"
}

# Seeds: at the first start node 1 lists itself first, so it forms the cluster (after
# seed-node-timeout, when no other node answers), and the others join it. A node started again
# later lists only the other nodes: a first seed that restarts while the others are busy would
# otherwise, after that timeout, form a second cluster on its own writing the same journals
# (seen in the rolling-restart scenario on a loaded machine).
seeds() {
  local self=$1 first_start=$2 n list=()
  n=$(cat "$CLUSTER_DIR/size")
  [[ $first_start == yes && $self == 1 ]] && list+=("pekko://streamsql@127.0.0.1:$((REMOTE_BASE + 1))")
  for i in $(seq 1 "$n"); do [[ $i != "$self" ]] && list+=("pekko://streamsql@127.0.0.1:$((REMOTE_BASE + i))"); done
  local IFS=,; echo "${list[*]}"
}

nodes() { ls "$CLUSTER_DIR" | sed -n 's/^node\([0-9]*\)\.pid$/\1/p' | sort -n; }

case "${1:-}" in
  start)
    n=${2:?usage: ops/cluster.sh start N}
    echo "$n" >"$CLUSTER_DIR/size"
    # The seed first: the others join it.
    start_node 1 yes; await_ready 1
    for i in $(seq 2 "$n"); do start_node "$i" yes; done
    for i in $(seq 2 "$n"); do await_ready "$i"; done ;;
  stop)
    for i in $(nodes); do stop_node "$i" TERM & done; wait ;;
  status)
    for i in $(seq 1 "$(cat "$CLUSTER_DIR/size" 2>/dev/null || echo 0)"); do
      if alive "$i"; then state=$(ready "$i" && echo ready || echo "not ready"); echo "node $i $(url "$i") pid $(cat "$(pidfile "$i")") $state"
      else echo "node $i $(url "$i") stopped"; fi
    done ;;
  start-node) start_node "${2:?}"; await_ready "$2" ;;
  stop-node) stop_node "${2:?}" TERM ;;
  kill-node) stop_node "${2:?}" KILL ;;
  url) url "${2:?}" ;;
  *) sed -n '2,14p' "$0" >&2; exit 2 ;;
esac
