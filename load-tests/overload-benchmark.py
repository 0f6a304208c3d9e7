#!/usr/bin/env python3
"""Overload benchmark driver (standard library only).

Scenario 1: UPLOADS concurrent connections each POST an NDJSON body of RECORDS records with unique
ids to one stream; reports answers by status, acknowledged vs stored records (read back, counted by
id: missing, duplicated, stored from refused uploads).
Scenario 2: READERS concurrent follow readers (GET ...?follow=true) that read only the response head
(slow readers) while one upload runs; reports answers by status and whether the upload succeeded.
Both: whether the server survived (/healthz) and its peak RSS (VmHWM of --server-pid).
"""
import argparse, collections, http.client, json, re, socket, sys, threading, time, urllib.parse

ID = re.compile(rb'"id":"u(\d+)-(\d+)"')


def body(upload, records):
    pad = "x" * 80
    for start in range(0, records, 1000):
        yield "".join('{"id":"u%d-%d","k":"k%d","pad":"%s"}\n' % (upload, n, n % 97, pad)
                      for n in range(start, min(records, start + 1000))).encode()


def upload(host, port, stream, upload_no, records, results):
    conn = http.client.HTTPConnection(host, port, timeout=600)
    try:
        conn.putrequest("POST", "/v1/streams/%s/events" % stream)
        conn.putheader("Transfer-Encoding", "chunked")
        conn.putheader("Content-Type", "application/x-ndjson")
        conn.endheaders()
        try:
            for chunk in body(upload_no, records):
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.send(b"0\r\n\r\n")
        except OSError:
            pass  # refused early: the answer may still be readable
        r = conn.getresponse()
        text = r.read()
        results[upload_no] = (r.status, r.getheader("Retry-After"), text[:200])
    except OSError as e:
        results[upload_no] = (-1, None, type(e).__name__)
    finally:
        conn.close()


def request(host, port, method, path, payload=None):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request(method, path, body=payload, headers={"Content-Type": "application/json"} if payload else {})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def alive(host, port):
    try:
        return request(host, port, "GET", "/healthz")[0] == 200
    except OSError:
        return False


def stored_per_upload(host, port, stream):
    conn = http.client.HTTPConnection(host, port, timeout=600)
    conn.request("GET", "/v1/streams/%s/events" % stream)
    r = conn.getresponse()
    seen, dup, per = set(), 0, collections.Counter()
    for line in r:
        m = ID.search(line)
        if not m:
            continue
        key = (int(m.group(1)), int(m.group(2)))
        if key in seen:
            dup += 1
        seen.add(key)
        per[key[0]] += 1
    conn.close()
    return per, dup


def peak_rss_mib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except (OSError, TypeError):
        return None


def create_stream(host, port, prefix):
    name = "%s_%d" % (prefix, int(time.time() * 1000))
    status, text = request(host, port, "POST", "/v1/streams", json.dumps({"name": name, "partitions": 4}).encode())
    if status != 201:
        sys.exit("create stream: %d %s" % (status, text))
    return name


def scenario_uploads(host, port, args):
    stream = create_stream(host, port, "overload_up")
    results = {}
    started = time.time()
    threads = [threading.Thread(target=upload, args=(host, port, stream, u, args.records, results)) for u in range(args.uploads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    by_status = collections.Counter(r[0] for r in results.values())
    refused = [u for u, r in results.items() if r[0] in (429, 503)]
    per, dup = stored_per_upload(host, port, stream)
    acked = [u for u, r in results.items() if r[0] == 200]
    print("== uploads: %d connections x %d records (%.1f MB each) in %.1f s" %
          (args.uploads, args.records, args.records * 115 / 1e6, elapsed))
    print("   answers by status: %s" % dict(sorted(by_status.items())))
    print("   refused with Retry-After: %d of %d" % (sum(1 for u in refused if results[u][1]), len(refused)))
    print("   acknowledged records: %d, stored of those: %d, acknowledged uploads incomplete: %d, duplicates: %d, "
          "records stored from refused uploads: %d" % (
              len(acked) * args.records, sum(per[u] for u in acked),
              sum(1 for u in acked if per[u] != args.records), dup, sum(per[u] for u in refused)))
    return all(per[u] == args.records for u in acked) and dup == 0 and sum(per[u] for u in refused) == 0


def read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(1)
        if not chunk:
            raise OSError("closed")
        data += chunk
    return data


def scenario_readers(host, port, args):
    stream = create_stream(host, port, "overload_follow")
    socks, by_status, retry_after = [], collections.Counter(), 0
    for _ in range(args.readers):
        s = socket.create_connection((host, port), timeout=60)
        s.sendall(("GET /v1/streams/%s/events?follow=true HTTP/1.1\r\nHost: x\r\n\r\n" % stream).encode())
        socks.append(s)
    for s in socks:
        try:
            head = read_head(s)
            by_status[int(head[9:12])] += 1
            retry_after += b"\r\nretry-after:" in head.lower()
        except OSError:
            by_status[-1] += 1
    results = {}
    upload(host, port, stream, 0, args.records, results)
    print("== follow readers: %d connections (slow: none reads past the response head), one upload of %d records meanwhile"
          % (args.readers, args.records))
    print("   answers by status: %s, refusals with Retry-After: %d" % (dict(sorted(by_status.items())), retry_after))
    print("   upload meanwhile: %s %s" % (results[0][0], "" if results[0][0] == 200 else results[0][2]))
    ok = results[0][0] == 200
    for s in socks:
        s.close()
    return ok


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("--uploads", type=int, default=200)
    p.add_argument("--records", type=int, default=20000)
    p.add_argument("--readers", type=int, default=1000)
    p.add_argument("--server-pid", type=int)
    args = p.parse_args()
    u = urllib.parse.urlparse(args.base)
    host, port = u.hostname, u.port
    ok = scenario_uploads(host, port, args)
    print("   server alive: %s, peak RSS so far: %s MiB" % (alive(host, port), peak_rss_mib(args.server_pid)))
    ok = scenario_readers(host, port, args) and ok
    survived = alive(host, port)
    print("   server alive: %s, peak RSS: %s MiB" % (survived, peak_rss_mib(args.server_pid)))
    sys.exit(0 if ok and survived else 1)


if __name__ == "__main__":
    main()
