#!/usr/bin/env python3
"""Checks one fault-suite scenario: everything is read back over HTTP.

Usage: check.py OUT_DIR URL TOPIC OUTPUT_TOPIC [FAULT_EPOCH_S]
Reads OUT_DIR/acks-*.ndjson (ingest.py), the source log and the persistent query's output log,
waits until the output holds every id of the source (at most OUTPUT_WAIT s, default 180), then
prints one JSON report (also written to OUT_DIR/report.json): acknowledged records, lost (acknowledged
but not in the log), duplicates in the log and in the output, output missing, the longest pause
between acknowledgements overall and per partition, and failed requests by status. From the probes
(acks-p<partition>.ndjson): each partition's longest pause between acknowledged probe writes, and
when, after the fault, the last partition to pause took writes again.
"""
import collections, glob, json, os, sys, time, urllib.error, urllib.request

out_dir, url, topic, output = sys.argv[1:5]
fault_at = float(sys.argv[5]) if len(sys.argv) > 5 else None


def read_ids(name, retry_for_s=180):
    """The whole log; a 503 (a partition still recovering, e.g. after Cassandra came back) is retried, as clients must."""
    deadline = time.time() + retry_for_s
    while True:
        counts = collections.Counter()
        try:
            with urllib.request.urlopen(f"{url}/v1/topics/{name}/records?from=earliest", timeout=600) as r:
                for line in r:
                    if line.strip():
                        value = json.loads(line)["value"]
                        counts[value["ID"]] += 1
            return counts
        except urllib.error.HTTPError as e:
            if e.code != 503 or time.time() > deadline:
                raise
            time.sleep(2)


acked, failures, ok_times, per_partition = set(), collections.Counter(), [], collections.defaultdict(list)
probe_times = collections.defaultdict(list)
requests = 0
for path in glob.glob(os.path.join(out_dir, "acks-*.ndjson")):
    client = os.path.basename(path)[5:-7]
    for line in open(path):
        a = json.loads(line)
        requests += 1
        if a["status"] == 200:
            acked.update(f"c{client}-{a['first'] + i}" for i in range(a["count"]))
            ok_times.append(a["t1"])
            per_partition[a["partition"]].append(a["t1"])
            if client.startswith("p"):
                probe_times[a["partition"]].append(a["t1"])
        else:
            reason = a["error"] or ""
            key = str(a["status"]) if a["status"] else reason.split(":")[0] + (":" + reason.split("]")[-1][:40] if "]" in reason else "")
            failures[key] += 1


ingest_end = 0.0
for path in glob.glob(os.path.join(out_dir, "acks-*.ndjson")):
    for line in open(path):
        ingest_end = max(ingest_end, json.loads(line)["t1"])


def longest_gap(times):
    # The end of ingest counts: a partition that took no write after the fault paused until then.
    times = sorted(times) + [ingest_end]
    best = (0.0, None)
    for a, b in zip(times, times[1:]):
        if b - a > best[0]: best = (b - a, a)
    return best


log = read_ids(topic)
deadline = time.time() + float(os.environ.get("OUTPUT_WAIT", "180"))
while True:
    out = read_ids(output)
    if set(out) >= set(log) or time.time() > deadline: break
    time.sleep(2)

gap, gap_at = longest_gap(ok_times)
probe_gaps = {p: longest_gap(t) for p, t in sorted(probe_times.items())}
# A partition writable throughout the fault resumed at once; one that paused resumed at the end of its pause.
resumed = [g + at - fault_at for g, at in probe_gaps.values() if fault_at and at and at + g > fault_at and g > 1.0]
report = {
    "fault_at": fault_at,
    "requests": requests,
    "acknowledged_records": len(acked),
    "lost": len(acked - set(log)),
    "log_records": sum(log.values()),
    "log_duplicates": sum(n - 1 for n in log.values() if n > 1),
    "unacknowledged_in_log": len(set(log) - acked),
    "output_records": sum(out.values()),
    "output_duplicates": sum(n - 1 for n in out.values() if n > 1),
    "output_missing": len(set(log) - set(out)),
    "longest_ack_pause_s": round(gap, 2),
    "longest_ack_pause_starts_s_after_fault": round(gap_at - fault_at, 2) if fault_at and gap_at else None,
    "longest_ack_pause_per_partition_s": {p: round(longest_gap(t)[0], 2) for p, t in sorted(per_partition.items())},
    "probe_pause_per_partition_s": {p: round(g, 2) for p, (g, _) in probe_gaps.items()},
    "all_partitions_writable_s_after_fault": round(max(resumed), 2) if resumed else None,
    "failed_requests": dict(failures),
}
with open(os.path.join(out_dir, "report.json"), "w") as f:
    json.dump(report, f, indent=1)
print(json.dumps(report, indent=1))
ok = report["lost"] == 0 and report["log_duplicates"] == 0 and report["output_duplicates"] == 0 and report["output_missing"] == 0
sys.exit(0 if ok else 1)
