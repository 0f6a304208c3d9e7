#!/usr/bin/env python3
"""Join benchmark helper (run by run-join-benchmark.sh).

  join-benchmark.py load  BASE SUFFIX JOIN RECORDS TABLE_ROWS PARTITIONS
      JOIN=stream-table: CREATE TABLE DIM_<SUFFIX> (ID STRING PRIMARY KEY, NAME STRING,
      CATEGORY STRING, SCORE BIGINT) over topic dim_<suffix> with TABLE_ROWS rows (ids
      id0..id<TABLE_ROWS-1>, timestamps before every event), and CREATE STREAM EV_<SUFFIX>
      (ID STRING KEY, X BIGINT, Y DOUBLE, PAD STRING) over topic ev_<suffix> with RECORDS events
      (value ~200 bytes of JSON; event i has id i % TABLE_ROWS, so every event has a table row),
      timestamps spread evenly over one hour.
      JOIN=stream-stream: CREATE STREAM A_<SUFFIX> and B_<SUFFIX> (same columns as EV) with
      RECORDS/2 events each. Pair j (A event j, B event j) shares id j % KEYS (KEYS =
      min(RECORDS/2, 10000)); A event j is at t0 + j*STEP, B event j one second later, with STEP
      = ceil(120 s / KEYS) so the next event of the same id is >= 2 minutes away: every A event
      matches exactly one B event WITHIN 1 MINUTE (RECORDS/2 outputs expected).
      Records go 5,000 per NDJSON request on 4 connections (POST /v1/topics/{topic}/records).
  join-benchmark.py query BASE SUFFIX JOIN RECORDS TABLE_ROWS
      CREATE STREAM OUT_<SUFFIX> AS SELECT ... FROM EV e JOIN DIM d ON e.ID = d.ID (stream-table)
      or ... FROM A a JOIN B b WITHIN 1 MINUTE ON a.ID = b.ID (stream-stream), then polls until
      the query's journaled positions (EXPLAIN nextOffsets: a join reports its first source's
      stage-one positions only) reach that source's end offsets, the join input log (when it
      can be read) holds every input, and the sink holds the expected output count (every event
      matches once). If the sink stops short, it waits until it has not grown for STABLE_S
      seconds and reports the shortfall (stream-table: a stream-table join looks the row up when
      the event reaches the join input log, and the two sides' stage one run concurrently, so
      events keyed before their table row meet nothing; the server CPU figure then includes the
      STABLE_S wait). Prints input records/s (events + table rows) from the
      CREATE to the moment the sink reached its final count.
  join-benchmark.py drop  BASE SUFFIX JOIN
      best effort: TERMINATE the query, DROP the sink and the sources with their topics.
"""
import json, math, sys, threading, time, urllib.error, urllib.request

HOUR_MS = 3_600_000
STABLE_S = 10.0  # with the expected count not reached: how long the sink must stay put
EVENT_COLS = "(ID STRING KEY, X BIGINT, Y DOUBLE, PAD STRING)"


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


def try_get(base, path):
    try:
        return get(base, path)
    except (urllib.error.HTTPError, urllib.error.URLError, ValueError):
        return None


def sources(suffix, join):
    """[(name, topic, kind)] in FROM order (the first is the one EXPLAIN reports positions of)."""
    if join == "stream-table":
        return [(f"EV_{suffix}", f"ev_{suffix}", "STREAM"), (f"DIM_{suffix}", f"dim_{suffix}", "TABLE")]
    return [(f"A_{suffix}", f"a_{suffix}", "STREAM"), (f"B_{suffix}", f"b_{suffix}", "STREAM")]


def sink_name(suffix):
    return f"OUT_{suffix}"


def upload(base, topic, total, line):
    """Uploads records line(0..total-1), 5,000 per request on 4 connections; returns seconds taken."""
    per_request, threads = 5000, 4
    errors = []

    def worker(w):
        try:
            for start in range(w * per_request, total, per_request * threads):
                lines = [line(i) for i in range(start, min(start + per_request, total))]
                post(base, f"/v1/topics/{topic}/records", "\n".join(lines), "application/x-ndjson")
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            errors.append(e)

    t0 = time.time()
    ws = [threading.Thread(target=worker, args=(w,)) for w in range(threads)]
    for w in ws: w.start()
    for w in ws: w.join()
    if errors: raise SystemExit(f"load of {topic} failed: {errors[0]}")
    elapsed = time.time() - t0
    stored = get(base, f"/v1/streams/{topic}")["records"]
    if stored != total: raise SystemExit(f"expected {total} records in {topic}, found {stored}")
    return elapsed


# value {"X":<n>,"Y":<d>,"PAD":"..."} padded to ~200 bytes
PAD = "p" * (200 - len('{"X":1234567,"Y":12345.25,"PAD":""}'))


def event(key, ts, i):
    return '{"key":"%s","timestamp":%d,"value":{"X":%d,"Y":%d.25,"PAD":"%s"}}' % (key, ts, i, i % 100000, PAD)


def ss_keys(per_side):
    keys = max(1, min(per_side, 10000))
    return keys, math.ceil(120_000 / keys)  # STEP ms: the same id recurs every keys*STEP >= 2 minutes


def load(base, suffix, join, total, table_rows, partitions):
    srcs = sources(suffix, join)
    for name, topic, kind in srcs:
        cols = "(ID STRING PRIMARY KEY, NAME STRING, CATEGORY STRING, SCORE BIGINT)" if kind == "TABLE" else EVENT_COLS
        ksql(base, f"CREATE {kind} {name} {cols} "
                   f"WITH (kafka_topic='{topic}', partitions={partitions}, value_format='JSON');")
    if join == "stream-table":
        (_, ev_topic, _), (_, dim_topic, _) = srcs
        t_start = int(time.time() * 1000) - HOUR_MS  # events: the hour before now; table rows before that
        s = upload(base, dim_topic, table_rows, lambda i: '{"key":"id%d","timestamp":%d,"value":'
                   '{"NAME":"name-%d","CATEGORY":"cat-%d","SCORE":%d}}' % (i, t_start - 60_000, i, i % 100, i))
        print(f"pre-loaded {table_rows:,} table rows in {s:.1f}s = {table_rows / s:,.0f} rows/s")
        s = upload(base, ev_topic, total, lambda i: event("id%d" % (i % table_rows), t_start + i * HOUR_MS // total, i))
        print(f"pre-loaded {total:,} events ({min(total, table_rows):,} ids, timestamps over 1 hour) in {s:.1f}s "
              f"= {total / s:,.0f} records/s")
    else:
        (_, a_topic, _), (_, b_topic, _) = srcs
        per_side = total // 2
        keys, step = ss_keys(per_side)
        span = per_side * step
        t0 = int(time.time() * 1000) - span - 1000
        s = upload(base, a_topic, per_side, lambda j: event("id%d" % (j % keys), t0 + j * step, j))
        s += upload(base, b_topic, per_side, lambda j: event("id%d" % (j % keys), t0 + j * step + 1000, j))
        print(f"pre-loaded 2 x {per_side:,} events ({keys:,} ids, one every {step} ms over {span / 60000:.1f} min, "
              f"B = A + 1 s) in {s:.1f}s = {2 * per_side / s:,.0f} records/s")


def query(base, suffix, join, total, table_rows):
    srcs = sources(suffix, join)
    sink = sink_name(suffix)
    ends = {}
    for _, topic, _ in srcs:
        ends[topic] = {str(p["partition"]): p["next_offset"] for p in get(base, f"/v1/streams/{topic}")["partition_details"]}
    inputs = {topic: sum(e.values()) for topic, e in ends.items()}
    n_inputs = sum(inputs.values())
    if join == "stream-table":
        (ev, _, _), (dim, _, _) = srcs
        events, expected = inputs[srcs[0][1]], inputs[srcs[0][1]]
        sql = (f"CREATE STREAM {sink} AS SELECT e.ID, e.X, e.Y, e.PAD, d.NAME, d.CATEGORY, d.SCORE "
               f"FROM {ev} e JOIN {dim} d ON e.ID = d.ID EMIT CHANGES;")
    else:
        (a, _, _), (b, _, _) = srcs
        events, expected = n_inputs, inputs[srcs[0][1]]
        sql = (f"CREATE STREAM {sink} AS SELECT a.ID, a.X AS AX, b.X AS BX, a.PAD "
               f"FROM {a} a JOIN {b} b WITHIN 1 MINUTE ON a.ID = b.ID EMIT CHANGES;")
    first = srcs[0][1]
    t0 = time.time()
    result = ksql(base, sql)
    qid = result[0]["commandStatus"]["queryId"]
    sink_topic = ksql(base, f"DESCRIBE {sink};")[0]["sourceDescription"]["topic"]
    input_log = f"_internal.{qid}-repartition"
    print(f"query {qid} ({join}): {n_inputs:,} inputs ({events:,} events"
          f"{f' + {n_inputs - events:,} table rows' if join == 'stream-table' else ''}), "
          f"expecting {expected:,} outputs in sink topic {sink_topic}")
    last_sink, last_change, last_report, positions_at, log_seen = -1, t0, t0, None, None
    while True:
        time.sleep(0.25)
        d = ksql(base, f"EXPLAIN {qid};")[0]["queryDescription"]
        if d.get("state") == "ERROR":
            print(f"  query state ERROR at {time.time() - t0:.1f}s (restarts from its journaled positions)")
        offs = {str(k): v for k, v in (d.get("nextOffsets") or {}).items()}
        processed = sum(min(offs.get(p, 0), e) for p, e in ends[first].items())
        log = try_get(base, f"/v1/streams/{input_log}")
        in_log = log["records"] if log else None
        if log is not None: log_seen = True
        sink_records = get(base, f"/v1/streams/{sink_topic}")["records"]
        now = time.time()
        if sink_records != last_sink: last_change = now
        if now - last_report >= 5:
            print(f"  {now - t0:5.1f}s: {processed:,} of {inputs[first]:,} {first} records past stage one, "
                  f"join input log {'?' if in_log is None else f'{in_log:,}'} of {n_inputs:,}, "
                  f"sink {sink_records:,} of {expected:,}")
            last_report = now
        stage_one = all(offs.get(p, 0) >= e for p, e in ends[first].items()) and (in_log is None or in_log >= n_inputs)
        if stage_one and positions_at is None: positions_at = now
        last_sink = sink_records
        if stage_one and sink_records >= expected:
            done_at = last_change
            break
        if stage_one and now - last_change >= STABLE_S:
            done_at = last_change
            print(f"  sink stopped at {sink_records:,} of {expected:,} expected outputs "
                  f"(unchanged for {STABLE_S:.0f}s): {expected - sink_records:,} missing")
            break
    elapsed = max(done_at - t0, 1e-3)
    if not log_seen: print(f"  (join input log {input_log} not readable: completion by first-source positions and sink count)")
    print(f"RESULT join={join} input_records={n_inputs} events={events} table_rows={n_inputs - events} "
          f"seconds={elapsed:.2f} records_per_s={n_inputs / elapsed:.0f} events_per_s={events / elapsed:.0f} "
          f"sink_records={sink_records} expected={expected} query={qid}")


def drop(base, suffix, join):
    sink = sink_name(suffix)
    try:
        for q in ksql(base, "SHOW QUERIES;")[0]["queries"]:
            if sink in q.get("sinks", []):
                ksql(base, f"TERMINATE {q['id']};")
                print(f"cleanup: terminated {q['id']}")
    except SystemExit as e:
        print(f"cleanup: TERMINATE failed: {e}", file=sys.stderr)
    stmts = [f"DROP STREAM IF EXISTS {sink} DELETE TOPIC;"] + \
            [f"DROP {kind} IF EXISTS {name} DELETE TOPIC;" for name, _, kind in sources(suffix, join)]
    for sql in stmts:
        try:
            ksql(base, sql)
            print(f"cleanup: {sql}")
        except SystemExit as e:
            print(f"cleanup: {sql} failed: {e}", file=sys.stderr)


if __name__ == "__main__":
    cmd, base, suffix = sys.argv[1], sys.argv[2], sys.argv[3]
    if cmd == "load": load(base, suffix, sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]))
    elif cmd == "query": query(base, suffix, sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
    elif cmd == "drop": drop(base, suffix, sys.argv[4])
    else: raise SystemExit(__doc__)
