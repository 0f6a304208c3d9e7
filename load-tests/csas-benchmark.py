#!/usr/bin/env python3
"""Stateless CSAS benchmark: pre-loads a log, then times a filter + projection query over it.

Usage: csas-benchmark.py BASE_URL RECORDS PARTITIONS
Loads RECORDS JSON records (~200 bytes each) into a new source log with 4 upload threads, then
runs CREATE STREAM ... AS SELECT (a WHERE that drops one record in ten, four projected columns
with a function and arithmetic) from the earliest offset and reports input records per second
from the statement until the sink holds every output (persisted).
"""
import json, sys, threading, time, urllib.request

base, total, partitions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
suffix = str(int(time.time()))
topic, source, sink = f"csas_src_{suffix}", f"CSAS_SRC_{suffix}", f"CSAS_OUT_{suffix}"


def post(path, body, ctype="application/json"):
    req = urllib.request.Request(base + path, data=body.encode(), headers={"Content-Type": ctype}, method="POST")
    with urllib.request.urlopen(req, timeout=300) as r:
        return r.status, r.read().decode()


def ksql(sql):
    status, body = post("/ksql", json.dumps({"ksql": sql, "streamsProperties": {}}))
    return json.loads(body)


def sink_records():
    with urllib.request.urlopen(f"{base}/v1/streams/{sink}", timeout=60) as r:
        return json.loads(r.read())["records"]


ksql(f"CREATE STREAM {source} (K STRING KEY, ID BIGINT, NAME STRING, AMOUNT DOUBLE, CATEGORY STRING, NOTE STRING) "
     f"WITH (kafka_topic='{topic}', partitions={partitions}, value_format='JSON');")
note = "x" * 90
per_request, threads = 5000, 4


def load(worker):
    for start in range(worker * per_request, total, per_request * threads):
        lines = []
        for i in range(start, min(start + per_request, total)):
            value = {"ID": i, "NAME": f"name-{i}", "AMOUNT": i * 0.5, "CATEGORY": f"c{i % 10}", "NOTE": note}
            lines.append(json.dumps({"key": f"k{i % 1000}", "value": value}))
        post(f"/v1/topics/{topic}/records", "\n".join(lines), "application/x-ndjson")


t0 = time.time()
workers = [threading.Thread(target=load, args=(w,)) for w in range(threads)]
for w in workers: w.start()
for w in workers: w.join()
print(f"pre-loaded {total:,} records in {time.time() - t0:.1f}s")

expected = total - (total + 9) // 10  # CATEGORY 'c0' is filtered out
t0 = time.time()
result = ksql(f"CREATE STREAM {sink} AS SELECT K, ID, UCASE(NAME) AS NAME, AMOUNT * 1.1 AS AMOUNT_X, CATEGORY "
              f"FROM {source} WHERE CATEGORY <> 'c0';")
print("query:", result[0]["commandStatus"]["queryId"])
done = 0
while done < expected:
    time.sleep(0.2)
    done = sink_records()
elapsed = time.time() - t0
print(f"CSAS processed {total:,} input records ({expected:,} outputs persisted) in {elapsed:.1f}s "
      f"= {total / elapsed:,.0f} input records/s")
