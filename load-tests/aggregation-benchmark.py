#!/usr/bin/env python3
"""Aggregation benchmark helper (run by run-aggregation-benchmark.sh).

  aggregation-benchmark.py load  BASE SUFFIX RECORDS KEYS PARTITIONS
      CREATE STREAM BENCH_<SUFFIX> (k STRING KEY, x BIGINT, y DOUBLE, pad STRING) over topic
      bench_<suffix>, then uploads RECORDS records (value ~200 bytes of JSON) keyed k0..k<KEYS-1>
      (record i has key i % KEYS, so every key occurs), timestamps spread evenly over one hour,
      5,000 per NDJSON request on 4 connections (POST /v1/topics/{topic}/records).
  aggregation-benchmark.py query BASE SUFFIX RECORDS WINDOW
      CREATE TABLE AGG_<SUFFIX> AS SELECT k, COUNT(*), SUM(x), AVG(y) ... GROUP BY k
      (WINDOW=tumbling adds WINDOW TUMBLING (SIZE 1 MINUTE)), then polls EXPLAIN until the
      query's journaled positions (nextOffsets, reported only after a batch's outputs are
      appended to the sink) reach the source's end offsets and the sink stops growing. Prints
      input records/s from the CREATE to completion and the persisted sink records.
  aggregation-benchmark.py drop  BASE SUFFIX
      best effort: TERMINATE the query, DROP the table and the stream with their topics.
"""
import json, sys, threading, time, urllib.error, urllib.request

HOUR_MS = 3_600_000


def post(base, path, body, ctype="application/json"):
    req = urllib.request.Request(base + path, data=body.encode(), headers={"Content-Type": ctype}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            return r.read().decode()
    except urllib.error.HTTPError as e:
        raise SystemExit(f"POST {path} -> {e.code}: {e.read().decode()[:2000]}")


def ksql(base, sql):
    return json.loads(post(base, "/ksql", json.dumps({"ksql": sql, "streamsProperties": {}})))


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=60) as r:
        return json.loads(r.read())


def names(suffix):
    return f"bench_{suffix}", f"BENCH_{suffix}", f"AGG_{suffix}"


def load(base, suffix, total, keys, partitions):
    topic, source, _ = names(suffix)
    ksql(base, f"CREATE STREAM {source} (k STRING KEY, x BIGINT, y DOUBLE, pad STRING) "
               f"WITH (kafka_topic='{topic}', partitions={partitions}, value_format='JSON');")
    t_start = int(time.time() * 1000) - HOUR_MS  # the hour before now
    width = len(str(keys - 1))
    # value {"X":<n>,"Y":<d>,"PAD":"..."} padded to ~200 bytes
    pad = "p" * (200 - len('{"X":1234567,"Y":12345.25,"PAD":""}'))
    per_request, threads = 5000, 4
    errors = []

    def worker(w):
        try:
            for start in range(w * per_request, total, per_request * threads):
                lines = []
                for i in range(start, min(start + per_request, total)):
                    ts = t_start + i * HOUR_MS // total
                    lines.append('{"key":"k%0*d","timestamp":%d,"value":{"X":%d,"Y":%d.25,"PAD":"%s"}}'
                                 % (width, i % keys, ts, i, i % 100000, pad))
                post(base, f"/v1/topics/{topic}/records", "\n".join(lines), "application/x-ndjson")
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            errors.append(e)

    t0 = time.time()
    ws = [threading.Thread(target=worker, args=(w,)) for w in range(threads)]
    for w in ws: w.start()
    for w in ws: w.join()
    if errors: raise SystemExit(f"load failed: {errors[0]}")
    elapsed = time.time() - t0
    stored = get(base, f"/v1/streams/{topic}")["records"]
    print(f"pre-loaded {stored:,} records ({keys:,} keys, timestamps over 1 hour) in {elapsed:.1f}s "
          f"= {total / elapsed:,.0f} records/s")
    if stored != total: raise SystemExit(f"expected {total} records in {topic}, found {stored}")


def query(base, suffix, total, window):
    topic, source, sink = names(suffix)
    ends = {str(p["partition"]): p["next_offset"] for p in get(base, f"/v1/streams/{topic}")["partition_details"]}
    win = " WINDOW TUMBLING (SIZE 1 MINUTE)" if window == "tumbling" else ""
    sql = (f"CREATE TABLE {sink} AS SELECT k, COUNT(*) AS c, SUM(x) AS sx, AVG(y) AS ay "
           f"FROM {source}{win} GROUP BY k EMIT CHANGES;")
    t0 = time.time()
    result = ksql(base, sql)
    qid = result[0]["commandStatus"]["queryId"]
    sink_topic = ksql(base, f"DESCRIBE {sink};")[0]["sourceDescription"]["topic"]
    print(f"query {qid}{win or ' (unwindowed)'}: sink topic {sink_topic}")
    last_sink, stable_since, last_report, done_at = -1, None, t0, None
    while True:
        time.sleep(0.25)
        d = ksql(base, f"EXPLAIN {qid};")[0]["queryDescription"]
        if d.get("state") == "ERROR":
            print(f"  query state ERROR at {time.time() - t0:.1f}s (restarts from its journaled positions)")
        offs = {str(k): v for k, v in (d.get("nextOffsets") or {}).items()}
        processed = sum(min(offs.get(p, 0), e) for p, e in ends.items())
        sink_records = get(base, f"/v1/streams/{sink_topic}")["records"]
        now = time.time()
        if now - last_report >= 5:
            print(f"  {now - t0:5.1f}s: {processed:,} of {total:,} input records processed, sink {sink_records:,}")
            last_report = now
        if all(offs.get(p, 0) >= e for p, e in ends.items()):
            if done_at is None: done_at = now  # positions are journaled after the batch's sink append
            if sink_records == last_sink:
                if stable_since is None: stable_since = now
                if now - stable_since >= 1.0: break
            else:
                stable_since = None
        last_sink = sink_records
    elapsed = done_at - t0
    print(f"RESULT input_records={total} seconds={elapsed:.2f} records_per_s={total / elapsed:.0f} "
          f"sink_records={sink_records} query={qid}")


def drop(base, suffix):
    _, source, sink = names(suffix)
    for sql in [f"DROP TABLE IF EXISTS {sink} DELETE TOPIC;", f"DROP STREAM IF EXISTS {source} DELETE TOPIC;"]:
        try:
            if sql.startswith("DROP TABLE"):
                for q in ksql(base, "SHOW QUERIES;")[0]["queries"]:
                    if sink in q.get("sinks", []):
                        ksql(base, f"TERMINATE {q['id']};")
                        print(f"cleanup: terminated {q['id']}")
            ksql(base, sql)
            print(f"cleanup: {sql}")
        except SystemExit as e:
            print(f"cleanup: {sql} failed: {e}", file=sys.stderr)


if __name__ == "__main__":
    cmd, base, suffix = sys.argv[1], sys.argv[2], sys.argv[3]
    if cmd == "load": load(base, suffix, int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    elif cmd == "query": query(base, suffix, int(sys.argv[4]), sys.argv[5])
    elif cmd == "drop": drop(base, suffix)
    else: raise SystemExit(__doc__)
