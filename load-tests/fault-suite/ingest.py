#!/usr/bin/env python3
"""Sustained ingest for the fault-injection suite.

Usage: ingest.py OUT_DIR TOPIC PARTITIONS CLIENTS URL [URL ...]
Runs until OUT_DIR/stop exists. Each client sends batches of BATCH records (env, default 20) to
/v1/topics/TOPIC/records, round-robin over the URLs (a refused connection moves to the next node
at once) and over the partitions (every record names its partition, so pauses are measured per
partition). Each record has a unique id "c<client>-<seq>"; a failed request is never retried with
the same ids (a retry of a request that was persisted after all would be a duplicate the client
caused), so every id in the log more than once is a duplicate the server made.
Writes OUT_DIR/acks-<client>.ndjson: one line per request {"t0","t1","node","partition","status",
"error","first","count"}; status 200 means the records c<client>-<first>..+count were acknowledged.

Besides the clients, one probe per partition (client "p<partition>", off with PROBES=0) writes one
record to its partition every PROBE_INTERVAL s (default 0.2) after the previous answer: a client
blocked on one partition does not hide when another partition takes writes again, so the probes
measure each partition's pause. Their records are checked like every other.
"""
import json, os, sys, threading, time, urllib.error, urllib.request

out_dir, topic, partitions, clients = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
urls = sys.argv[5:]
batch = int(os.environ.get("BATCH", "20"))
timeout = float(os.environ.get("REQUEST_TIMEOUT", "30"))
stop_file = os.path.join(out_dir, "stop")


probe_interval = float(os.environ.get("PROBE_INTERVAL", "0.2"))


def client(c, pinned_partition=None, size=batch):
    seq, n = 0, (c if pinned_partition is None else 0)
    with open(os.path.join(out_dir, f"acks-{c}.ndjson"), "w", buffering=1) as log:
        while not os.path.exists(stop_file):
            # Independent rotations: every (node, partition) pair occurs, so a partition's pause
            # is not hidden behind one node being down.
            node = n % len(urls)
            partition = (n // len(urls)) % partitions if pinned_partition is None else pinned_partition
            n += 1
            lines = [json.dumps({"key": f"c{c}-{seq + i}", "partition": partition,
                                 "value": {"ID": f"c{c}-{seq + i}", "P": partition}}) for i in range(size)]
            req = urllib.request.Request(f"{urls[node]}/v1/topics/{topic}/records", data="\n".join(lines).encode(),
                                         headers={"Content-Type": "application/x-ndjson"}, method="POST")
            t0, status, error = time.time(), 0, None
            try:
                with urllib.request.urlopen(req, timeout=timeout) as r:
                    status = r.status
                    r.read()
            except urllib.error.HTTPError as e:
                status, error = e.code, e.read().decode(errors="replace")[:200]
            except Exception as e:  # refused, reset, timeout: the node is down or stopping
                error = type(e).__name__ + ": " + str(e)[:150]
            log.write(json.dumps({"t0": t0, "t1": time.time(), "node": node, "partition": partition, "status": status,
                                  "error": error, "first": seq, "count": size}) + "\n")
            seq += size
            if status == 0:
                time.sleep(0.05)  # connection refused: next node at once, but do not spin
            elif pinned_partition is not None:
                time.sleep(probe_interval)


threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
if os.environ.get("PROBES", "1") != "0":
    threads += [threading.Thread(target=client, args=(f"p{p}", p, 1)) for p in range(partitions)]
for t in threads: t.start()
for t in threads: t.join()
