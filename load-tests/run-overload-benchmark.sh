#!/usr/bin/env bash
# Overload benchmark: UPLOADS concurrent connections each uploading RECORDS NDJSON records
# (~115 bytes each: 20,000 = 2.3 MB) with unique ids, then READERS concurrent follow readers that
# never read past the response head while an upload runs. Reports answers by status (200 / 429 /
# 503), acknowledged records vs stored (counted by id), the server's peak RSS and whether it
# survived. The server runs with HEAP (default 1g) and the default streamsql.http.limits unless
# SERVER_OPTS overrides them; its journal goes to its own keyspace. Needs a Cassandra.
#
#   PORT=19350 REMOTE_PORT=26350 STREAMSQL_CASSANDRA=127.0.0.1:9042 load-tests/run-overload-benchmark.sh
#   UPLOADS=200 RECORDS=20000 READERS=1000 HEAP=1g SERVER_OPTS="-Dstreamsql.http.limits.max-live-readers=0" …
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-19350}
REMOTE_PORT=${REMOTE_PORT:-26350}
CASSANDRA=${STREAMSQL_CASSANDRA:-127.0.0.1:9042}
UPLOADS=${UPLOADS:-200}
RECORDS=${RECORDS:-20000}
READERS=${READERS:-1000}
HEAP=${HEAP:-1g}
KEYSPACE=${KEYSPACE:-streamsql_overloadbench}
BASE="http://127.0.0.1:$PORT"
OUT=load-tests/target
mkdir -p "$OUT"

# Build in this checkout's reactor (never install: ~/.m2 is shared).
[ "${SKIP_BUILD:-0}" = 1 ] || mvn -B -o -q -DskipTests package -pl http -am
CP="http/target/classes:$(cat http/target/server.classpath)"

ulimit -n 65536 2>/dev/null || true
STREAMSQL_PORT=$PORT STREAMSQL_REMOTE_PORT=$REMOTE_PORT STREAMSQL_CASSANDRA=$CASSANDRA \
  java -Xms"$HEAP" -Xmx"$HEAP" -XX:+ExitOnOutOfMemoryError ${SERVER_OPTS:-} \
  -Dpekko.persistence.cassandra.journal.keyspace="$KEYSPACE" -Dpekko.persistence.cassandra.snapshot.keyspace="${KEYSPACE}_snapshot" \
  -cp "$CP" io.streamsql.http.ServerMain > "$OUT/overload-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 900); do
  curl -sf "$BASE/readyz" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { echo "server died, see $OUT/overload-server.log"; exit 1; }
  sleep 0.2
done

echo "== command: PORT=$PORT REMOTE_PORT=$REMOTE_PORT STREAMSQL_CASSANDRA=$CASSANDRA UPLOADS=$UPLOADS RECORDS=$RECORDS" \
  "READERS=$READERS HEAP=$HEAP SERVER_OPTS='${SERVER_OPTS:-}' $0"
echo "== commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (dirty)')"
STATUS=0
python3 load-tests/overload-benchmark.py "$BASE" --uploads "$UPLOADS" --records "$RECORDS" --readers "$READERS" \
  --server-pid "$SERVER" || STATUS=$?
kill -0 $SERVER 2>/dev/null && echo "== server process alive at the end" || echo "== server process DIED (see $OUT/overload-server.log)"
grep -c OutOfMemoryError "$OUT/overload-server.log" | sed 's/^/== OutOfMemoryError lines in the server log: /' || true
echo "== machine load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) on $(nproc) cores"
exit $STATUS
