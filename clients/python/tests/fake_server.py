"""A tiny in-process HTTP server that records requests, for tests that must see what the client sends.

Bodies are read in chunks and only their size (and, when small, their bytes) is kept, so a
gigabyte-sized upload costs no memory.
"""

import http.server
import json
import threading

KEEP_BODY_BYTES = 64 * 1024


class Recorded:
    def __init__(self, method, path, headers, length, body):
        self.method = method
        self.path = path
        self.headers = headers
        self.length = length
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "%s %s (%d bytes)" % (self.method, self.path, self.length)


class FakeServer:
    """Answers every request with ``respond(recorded) -> (status, dict)``; ``requests`` lists them in order."""

    def __init__(self, respond):
        self.requests = []
        self._respond = respond
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = 0
                kept = bytearray()
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    while True:
                        size = int(self.rfile.readline().strip().split(b";")[0], 16)
                        if size == 0:
                            self.rfile.readline()
                            break
                        data = self.rfile.read(size)
                        self.rfile.readline()
                        length += len(data)
                        if len(kept) < KEEP_BODY_BYTES:
                            kept += data[:KEEP_BODY_BYTES - len(kept)]
                else:
                    remaining = int(self.headers.get("Content-Length") or 0)
                    while remaining:
                        data = self.rfile.read(min(remaining, 1024 * 1024))
                        if not data:
                            break
                        remaining -= len(data)
                        length += len(data)
                        if len(kept) < KEEP_BODY_BYTES:
                            kept += data[:KEEP_BODY_BYTES - len(kept)]
                recorded = Recorded(self.command, self.path, dict(self.headers), length, bytes(kept))
                fake.requests.append(recorded)
                status, answer = fake._respond(recorded)
                payload = json.dumps(answer).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self._server.server_address[1]

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        return False
