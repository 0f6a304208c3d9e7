#!/usr/bin/env python3
"""Opens READERS follow reads of a topic and never reads them, until OUT_DIR/stop exists.

Usage: slow-readers.py OUT_DIR TOPIC READERS URL [URL ...]
Each reader sends its request on a socket with a small receive buffer and never reads: the
server must hold back (back-pressure) instead of buffering the log in its heap.
"""
import os, socket, sys, time
from urllib.parse import urlparse

out_dir, topic, readers, urls = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
sockets = []
for i in range(readers):
    u = urlparse(urls[i % len(urls)])
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((u.hostname, u.port))
    s.sendall(f"GET /v1/topics/{topic}/records?from=earliest&timeout_ms=3600000 HTTP/1.1\r\nHost: {u.hostname}\r\n\r\n".encode())
    sockets.append(s)
while not os.path.exists(os.path.join(out_dir, "stop")):
    time.sleep(1)
