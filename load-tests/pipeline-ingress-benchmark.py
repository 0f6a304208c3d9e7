#!/usr/bin/env python3
"""Feldera-style pipeline ingress benchmark (Python 3 standard library only).

Usage: pipeline-ingress-benchmark.py BASE_URL [--rows N] [--rows-per-request N] [--connections N]
                                     [--workers N] [--pipeline NAME] [--keep] [--server-pid PID]

Deploys a pipeline with a keyed table BENCH feeding one filter view BIG (amount > 500), starts it,
pre-generates every request body (NDJSON insert_delete lines of 200 bytes each, newline included),
then POSTs them to /v0/pipelines/{p}/ingress/bench over CONNECTIONS parallel HTTP/1.1 keep-alive
connections (one thread per connection, pulling request indexes from a shared counter). Reports
the wall time from the first send to the last 200, rows/s, MB/s, request latency p50/p99/max,
then the time from the last 200 until completion_status says complete for the last token to
answer (polled every 20 ms) and for every other token. Finally counts the rows of BIG with an
ad-hoc query (SELECT id FROM big, format=json) and compares them with the expected rows.
"""
import argparse, http.client, json, os, sys, threading, time, urllib.parse

LINE_BYTES = 200  # per NDJSON line, newline included
TABLE, VIEW = "bench", "big"
PROGRAM = ("CREATE TABLE bench (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR, category VARCHAR, amount DOUBLE, note VARCHAR);\n"
           "CREATE VIEW big AS SELECT * FROM bench WHERE amount > 500;")

ap = argparse.ArgumentParser()
ap.add_argument("base")
ap.add_argument("--rows", type=int, default=1_000_000)
ap.add_argument("--rows-per-request", type=int, default=10_000)
ap.add_argument("--connections", type=int, default=4)
ap.add_argument("--workers", type=int, default=4)
ap.add_argument("--pipeline", default=f"bench-{int(time.time())}")
ap.add_argument("--keep", action="store_true", help="do not DELETE the pipeline at the end")
ap.add_argument("--server-pid", type=int, default=0, help="report this process's CPU time over the timed run")
args = ap.parse_args()

url = urllib.parse.urlsplit(args.base)
HOST, PORT = url.hostname, url.port or 80
P = "/v0/pipelines/" + urllib.parse.quote(args.pipeline, safe="")


def fail(msg):
    print("FAILED:", msg, flush=True)
    sys.exit(1)


def call(method, path, body=None, timeout=600, conn=None):
    """One request; returns (status, body bytes). Uses its own connection unless one is given."""
    own = conn is None
    if own:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        if own:
            conn.close()


def call_json(method, path, body=None, ok=(200,)):
    status, data = call(method, path, None if body is None else json.dumps(body).encode())
    if status not in ok:
        fail(f"{method} {path} -> {status} {data.decode(errors='replace')[:2000]}")
    return json.loads(data) if data.strip() else {}


def amount(i):
    return float((i * 7919) % 1000) + 0.5  # deterministic; > 500 exactly when (i * 7919) % 1000 >= 500


def line(i):
    row = {"id": i, "name": f"name-{i}", "category": f"cat-{i % 50}", "amount": amount(i), "note": ""}
    text = json.dumps({"insert": row}, separators=(",", ":"))
    pad = LINE_BYTES - 1 - len(text)
    if pad < 0:
        fail(f"row {i} is {len(text) + 1} bytes before padding, more than {LINE_BYTES}")
    return text.replace('"note":""', '"note":"' + "n" * pad + '"', 1) + "\n"


def server_cpu_seconds():
    if not args.server_pid:
        return None
    with open(f"/proc/{args.server_pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def pct(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]


# --- deploy and start the pipeline
t = time.time()
status, data = call("PUT", P, json.dumps({"program_code": PROGRAM, "runtime_config": {"workers": args.workers}}).encode())
if status not in (200, 201):
    fail(f"PUT {P} -> {status} {data.decode(errors='replace')[:2000]}")
info = json.loads(data)
while info.get("program_status") == "Pending":
    time.sleep(0.1)
    info = call_json("GET", P)
if info.get("program_status") != "Success":
    fail(f"program_status {info.get('program_status')}: {json.dumps(info.get('program_error'))}")
call_json("POST", P + "/start", ok=(200, 202))
for _ in range(600):
    info = call_json("GET", P)
    if info.get("status") == "running":
        break
    time.sleep(0.1)
else:
    fail(f"pipeline not running after 60 s: {json.dumps(info)}")
print(f"pipeline {args.pipeline} ({args.workers} workers) deployed and running in {time.time() - t:.1f}s", flush=True)

# --- pre-generate every request body
t = time.time()
bodies = []
for start in range(0, args.rows, args.rows_per_request):
    bodies.append("".join(line(i) for i in range(start, min(start + args.rows_per_request, args.rows))).encode())
total_bytes = sum(len(b) for b in bodies)
expected = sum(1 for i in range(args.rows) if amount(i) > 500)
print(f"generated {len(bodies):,} requests, {args.rows:,} rows, {total_bytes / 1e6:.1f} MB "
      f"({total_bytes / args.rows:.1f} bytes/row) in {time.time() - t:.1f}s", flush=True)

# --- send them over CONNECTIONS keep-alive connections
ingress = P + f"/ingress/{TABLE}?format=json&update_format=insert_delete"
lock = threading.Lock()
next_index = [0]
results = [None] * len(bodies)  # (latency s, finished at, token)
errors = []


def sender():
    conn = http.client.HTTPConnection(HOST, PORT, timeout=600)
    try:
        while not errors:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= len(bodies):
                return
            sent = time.perf_counter()
            try:
                status, data = call("POST", ingress, bodies[i], conn=conn)
            except Exception as e:  # connection dropped, timeout: report, stop everyone
                errors.append(f"request {i}: {type(e).__name__}: {e}")
                return
            done = time.perf_counter()
            if status != 200:
                errors.append(f"request {i} -> {status} {data.decode(errors='replace')[:2000]}")
                return
            results[i] = (done - sent, done, json.loads(data)["token"])
    finally:
        conn.close()


cpu0 = server_cpu_seconds()
threads = [threading.Thread(target=sender) for _ in range(args.connections)]
t0 = time.perf_counter()
for th in threads:
    th.start()
for th in threads:
    th.join()
if errors:
    for e in errors:
        print("ERROR", e)
    fail(f"{len(errors)} request(s) failed, {sum(r is not None for r in results)} of {len(bodies)} answered 200")
last_200 = max(r[1] for r in results)
wall = last_200 - t0

# --- completion: the last token to answer, polled every 20 ms, then every other token
poll_conn = [http.client.HTTPConnection(HOST, PORT, timeout=60)]
poll_times = []  # seconds per completion_status request  # keep-alive, so a poll costs one round trip


def complete(token):
    path = P + "/completion_status?token=" + urllib.parse.quote(token, safe="")
    asked = time.perf_counter()
    try:
        status, data = call("GET", path, conn=poll_conn[0])
    except (http.client.HTTPException, OSError):  # the server closed the idle connection: once more on a new one
        poll_conn[0].close()
        poll_conn[0] = http.client.HTTPConnection(HOST, PORT, timeout=60)
        status, data = call("GET", path, conn=poll_conn[0])
    if status != 200:
        fail(f"completion_status -> {status} {data.decode(errors='replace')[:2000]}")
    poll_times.append(time.perf_counter() - asked)
    return json.loads(data)["status"] == "complete"


last_index = max(range(len(results)), key=lambda i: results[i][1])
polls = 0
while not complete(results[last_index][2]):
    polls += 1
    time.sleep(0.02)
last_complete = time.perf_counter() - last_200
poll_started = time.perf_counter()
pending = [i for i in range(len(results)) if i != last_index and not complete(results[i][2])]
late = len(pending)
while pending:
    time.sleep(0.02)
    pending = [i for i in pending if not complete(results[i][2])]
all_complete = time.perf_counter() - last_200
check_others = time.perf_counter() - poll_started
cpu1 = server_cpu_seconds()

# --- correctness: the rows of the view
def view_ids():
    status, data = call("GET", P + "/query?format=json&sql=" + urllib.parse.quote(f"SELECT id FROM {VIEW}"))
    if status != 200:
        fail(f"query -> {status} {data.decode(errors='replace')[:2000]}")
    lines = [l for l in data.decode().splitlines() if l.strip()]
    ids = []
    for l in lines:
        row = {k.lower(): v for k, v in json.loads(l).items()}  # the column may come back as ID
        if "id" not in row:
            fail(f"query row without an id column: {l[:500]}")
        ids.append(row["id"])
    if lines and not view_ids.shown:
        print(f"query {VIEW}, first row: {lines[0][:200]}")
        view_ids.shown = True
    return ids


view_ids.shown = False


ids = view_ids()
count, distinct = len(ids), len(set(ids))
first_count, waited = count, 0.0
while count != expected and waited < 10:  # diagnosis only: does it converge later?
    time.sleep(0.5)
    waited += 0.5
    ids = view_ids()
    count, distinct = len(ids), len(set(ids))
ok = first_count == expected and distinct == expected

lat = sorted(r[0] for r in results)
print(f"""
== pipeline ingress: {args.rows:,} rows x {total_bytes / args.rows:.0f} B, {args.rows_per_request:,} rows/request ({len(bodies)} requests), \
{args.connections} connections, {args.workers} workers
ingress wall time (first send -> last 200): {wall:.2f} s
throughput:       {args.rows / wall:,.0f} rows/s, {total_bytes / 1e6 / wall:.1f} MB/s
request latency:  p50 {pct(lat, 50) * 1000:.0f} ms, p99 {pct(lat, 99) * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms
completion:       last 200 -> last token complete {last_complete * 1000:.0f} ms ({polls} inprogress polls); \
all {len(results)} tokens complete {all_complete * 1000:.0f} ms ({late} others not yet complete then; checking them took {check_others * 1000:.0f} ms)
completion_status requests: {len(poll_times)}, mean {1000 * sum(poll_times) / len(poll_times):.0f} ms, max {1000 * max(poll_times):.0f} ms""")
if cpu0 is not None:
    print(f"server CPU:       {cpu1 - cpu0:.1f} s over ingress + completion = {1000 * (cpu1 - cpu0) / args.rows * 1000:.2f} ms per 1,000 rows")
print(f"view {VIEW}:         {first_count:,} rows right after completion (expected {expected:,})"
      + ("" if first_count == count else f", {count:,} after {waited:.1f}s more")
      + (f", {distinct:,} distinct ids" if distinct != count else "")
      + (" OK" if ok else " MISMATCH"))
target = 50_000
print(f"target ≥ {target:,} rows/s: {'met' if args.rows / wall >= target else 'NOT met'}")

if not args.keep:
    status, data = call("DELETE", P)
    if status != 200:  # may have to be stopped first
        print(f"DELETE {P} -> {status} {data.decode(errors='replace')[:500]}; stopping it first")
        call("POST", P + "/stop")
        status, data = call("DELETE", P)
    print(f"DELETE {P} -> {status}" + ("" if status == 200 else " " + data.decode(errors="replace")[:500]))
else:
    print(f"kept pipeline {args.pipeline}")
sys.exit(0 if ok else 2)
