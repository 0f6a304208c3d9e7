#!/usr/bin/env bash
# File connector benchmark: uploads a SIZE-byte CSV file and a SIZE-byte Parquet file (written by
# BenchmarkFiles: rows of id, user, amount, day and NOTE_CHARS random characters) through
# PUT /v1/connectors/files/{name} — without a primary key by default, so each becomes a stream
# (PRIMARY_KEY=id makes it version 1 of an immutable table instead, whose rows the table's
# partitions hold in memory: keep SIZE well under the heap then) — split into parts of 250 MB
# when over 1 GB, and reports for each: MB/s and rows/s of the whole upload (until the load is
# recorded), the parts, and the server's peak resident memory with its heap fixed at -Xmx$HEAP. The files are generated once into DATA_DIR and kept. The server
# runs on core SERVER_CPU with its journal in its own keyspaces (KEYSPACE). Needs a Cassandra on
# STREAMSQL_CASSANDRA.
#
#   PORT=18099 REMOTE_PORT=25599 STREAMSQL_CASSANDRA=127.0.0.1:9042 load-tests/run-file-upload-benchmark.sh
#   SIZE=100000000 …   (smoke run: 100 MB files)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18099}
REMOTE_PORT=${REMOTE_PORT:-25599}
CASSANDRA=${STREAMSQL_CASSANDRA:-127.0.0.1:9042}
SIZE=${SIZE:-2147483648}
NOTE_CHARS=${NOTE_CHARS:-150}
HEAP=${HEAP:-1g}
SERVER_CPU=${SERVER_CPU:-0,1}
KEYSPACE=${KEYSPACE:-streamsql_filebench}
FORMATS=${FORMATS:-csv parquet}
PRIMARY_KEY=${PRIMARY_KEY:-}
# VIA=path has the server read the file from its own disk (POST /v1/connectors/files) instead of
# receiving it in the request body; a Parquet body is first spooled to disk, a path is read in place.
VIA=${VIA:-upload}
OUT=load-tests/target
DATA_DIR=${DATA_DIR:-$OUT/files}
BASE="http://127.0.0.1:$PORT"
mkdir -p "$OUT" "$DATA_DIR"

# Build in this checkout's reactor (never install: ~/.m2 is shared); the classpath then names this checkout's jars.
mvn -B -o -q -DskipTests package -pl http,load-tests -am
mvn -B -o -q dependency:build-classpath -pl load-tests -Dmdep.outputFile=target/files.classpath >/dev/null
GEN_CP="load-tests/target/classes:$(cat load-tests/target/files.classpath)"
for f in $FORMATS; do
  file="$DATA_DIR/sales-$SIZE-$NOTE_CHARS.$f"
  if [ ! -s "$file" ]; then
    echo "== writing $file"
    java -cp "$GEN_CP" io.streamsql.loadtests.BenchmarkFiles "$f" "$file" "$SIZE" "$NOTE_CHARS" > "$file.rows"
  fi
done

CP="http/target/classes:$(cat http/target/server.classpath)"
STREAMSQL_PORT=$PORT STREAMSQL_REMOTE_PORT=$REMOTE_PORT STREAMSQL_CASSANDRA=$CASSANDRA \
  taskset -c "$SERVER_CPU" java -Xms$HEAP -Xmx$HEAP ${SERVER_OPTS:-} \
  -Dpekko.persistence.cassandra.journal.keyspace="$KEYSPACE" -Dpekko.persistence.cassandra.snapshot.keyspace="${KEYSPACE}_snapshot" \
  -cp "$CP" io.streamsql.http.ServerMain > "$OUT/file-upload-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "$BASE/readyz" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { echo "server died, see $OUT/file-upload-server.log"; exit 1; }
  sleep 0.2
done

echo "== command: PORT=$PORT REMOTE_PORT=$REMOTE_PORT STREAMSQL_CASSANDRA=$CASSANDRA SIZE=$SIZE NOTE_CHARS=$NOTE_CHARS HEAP=$HEAP" \
  "SERVER_CPU=$SERVER_CPU KEYSPACE=$KEYSPACE FORMATS='$FORMATS' PRIMARY_KEY=$PRIMARY_KEY VIA=$VIA $0"
echo "== commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (dirty)')"
for f in $FORMATS; do
  file="$DATA_DIR/sales-$SIZE-$NOTE_CHARS.$f"
  name="bench_${f}_$(date +%s)"
  bytes=$(stat -c %s "$file")
  start=$(date +%s.%N)
  if [ "$VIA" = path ]; then
    curl -sS -XPOST "$BASE/v1/connectors/files" -o "$OUT/file-upload-$f.json" -w '%{http_code}' \
      -d "{\"name\":\"$name\",\"path\":\"file://$(realpath "$file")\",\"file_type\":\"$f\"${PRIMARY_KEY:+,\"primary_key\":\"$PRIMARY_KEY\"}}" > "$OUT/file-upload-$f.status"
  else
    curl -sS -T "$file" "$BASE/v1/connectors/files/$name?file_type=$f${PRIMARY_KEY:+&primary_key=$PRIMARY_KEY}" -o "$OUT/file-upload-$f.json" -w '%{http_code}' > "$OUT/file-upload-$f.status"
  fi
  end=$(date +%s.%N)
  python3 - "$f" "$bytes" "$start" "$end" "$OUT/file-upload-$f.json" "$(cat "$OUT/file-upload-$f.status")" "$(cat "$file.rows")" <<'PY'
import json, sys
fmt, size, start, end, path, status, generated = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6], int(sys.argv[7])
body = json.load(open(path))
secs = end - start
if status != "201":
    print(f"{fmt}: HTTP {status}: {body}")
    sys.exit(1)
rows = body["rows"]
assert rows == generated, f"loaded {rows} rows, the file has {generated}"
print(f"{fmt} as {body['kind']} ({body['source']}): {size/1e6:.0f} MB, {rows} rows in {secs:.1f} s = {size/1e6/secs:.1f} MB/s, {rows/secs:,.0f} rows/s; "
      f"{len(body['parts'])} parts of {[round(p['bytes']/1e6) for p in body['parts']]} MB")
PY
done
echo "== server peak resident memory: $(grep VmHWM /proc/$SERVER/status | awk '{print $2/1024 " MiB"}') (heap -Xmx$HEAP)"
echo "== machine load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) on $(nproc) cores"
