"""HTTP to one StreamSQL server with http.client: URLs, JSON requests, streamed bodies and answers.

One connection per request keeps it simple and thread-safe; streamed answers (NDJSON reads,
query rows, insert acks) hold their connection until they are closed or read to the end.
"""

import http.client
import json
import socket
import urllib.parse

from .errors import ServerUnreachableError, error_from_response

__all__ = ["Transport", "build_query", "key_segment", "path_segment", "CHUNK_BYTES"]

#: Bytes read from disk and written to the socket at a time when a body is streamed.
CHUNK_BYTES = 1024 * 1024

#: "Use the client's timeout" (``None`` means no timeout, so it cannot be the marker).
DEFAULT_TIMEOUT = object()


def path_segment(value):
    """One URL path segment: everything escaped, so a name with ``/`` or ``?`` stays one segment."""
    return urllib.parse.quote(str(value), safe="")


def key_segment(key):
    """A table key as its URL segment: the key's JSON text, so ``"1"`` (string) and ``1`` differ.

    The server reads a segment that parses as a JSON scalar as that scalar, so a string key is
    always sent quoted (``%22user1%22``) and can never be mistaken for a number or boolean.
    """
    if isinstance(key, bool) or isinstance(key, (int, float, str)):
        return path_segment(json.dumps(key))
    raise TypeError("a table key is a str, int, float or bool, not %s" % type(key).__name__)


def build_query(params):
    """A query string from a dict: ``None`` values are left out, booleans are ``true``/``false``."""
    if not params:
        return ""
    pairs = []
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        pairs.append((name, str(value)))
    return "?" + urllib.parse.urlencode(pairs) if pairs else ""


class Transport:
    """Sends requests to ``base_url`` (``http://host:port[/prefix]``), raising on error answers."""

    def __init__(self, base_url, api_key=None, timeout=60.0):
        parsed = urllib.parse.urlsplit(base_url if "://" in base_url else "http://" + base_url)
        if parsed.scheme not in ("http", "https"):
            raise ValueError("a StreamSQL URL is http:// or https://, not %r" % base_url)
        if not parsed.hostname:
            raise ValueError("no host in StreamSQL URL %r" % base_url)
        self.base_url = "%s://%s%s" % (parsed.scheme, parsed.netloc, parsed.path.rstrip("/"))
        self._scheme = parsed.scheme
        self._host = parsed.hostname
        self._port = parsed.port
        self._prefix = parsed.path.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def target(self, path, params=None):
        """The request target (path and query) for an API path such as ``/v1/streams``."""
        return self._prefix + path + build_query(params)

    def url(self, path, params=None):
        """The absolute URL of an API path (for messages and logs)."""
        return self.base_url + path + build_query(params)

    def _connection(self, timeout):
        cls = http.client.HTTPSConnection if self._scheme == "https" else http.client.HTTPConnection
        return cls(self._host, self._port, timeout=timeout, blocksize=CHUNK_BYTES)

    def _headers(self, extra):
        headers = {"Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = "Bearer %s" % self.api_key
        headers.update(extra or {})
        return headers

    def open(self, method, path, params=None, body=None, json_body=None, headers=None,
             content_length=None, timeout=DEFAULT_TIMEOUT):
        """Sends a request and returns ``(connection, response)`` once the status line is read.

        ``body`` is bytes, str or a file-like object (streamed ``CHUNK_BYTES`` at a time; give
        ``content_length`` or it is sent chunked). Raises the parsed error for a status >= 400.
        The caller reads the response and closes the connection.
        """
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body, separators=(",", ":")).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        if isinstance(body, str):
            body = body.encode("utf-8")
        if content_length is not None:
            headers["Content-Length"] = str(content_length)
        elif body is None and method in ("POST", "PUT"):
            headers["Content-Length"] = "0"
        conn = self._connection(self.timeout if timeout is DEFAULT_TIMEOUT else timeout)
        request_line = "%s %s" % (method, self.url(path, params))
        try:
            # A file-like body without a length is sent chunked (http.client decides that itself).
            conn.request(method, self.target(path, params), body=body, headers=self._headers(headers))
            response = conn.getresponse()
        except (OSError, http.client.HTTPException) as e:
            response = _early_answer(conn) if isinstance(e, (BrokenPipeError, ConnectionResetError)) else None
            if response is None:
                conn.close()
                raise ServerUnreachableError("%s failed: %s" % (request_line, e or type(e).__name__)) from e
        if response.status >= 400:
            try:
                raw = response.read()
            except (OSError, http.client.HTTPException):
                raw = b""
            conn.close()
            raise error_from_response(response.status, raw, request_line)
        return conn, response

    def request(self, method, path, params=None, body=None, json_body=None, headers=None,
                content_length=None, timeout=DEFAULT_TIMEOUT):
        """Sends a request and returns its parsed JSON answer (``None`` for an empty body)."""
        conn, response = self.open(method, path, params, body, json_body, headers, content_length, timeout)
        try:
            raw = response.read()
        except (OSError, http.client.HTTPException) as e:
            raise ServerUnreachableError("%s %s: the answer broke off: %s" % (method, self.url(path, params), e)) from e
        finally:
            conn.close()
        text = raw.decode("utf-8")
        return json.loads(text) if text.strip() else None

    def lines(self, method, path, params=None, body=None, json_body=None, headers=None, timeout=None):
        """Streams the answer's lines (decoded, without the newline; blank lines skipped).

        A generator: closing it (or leaving a ``for`` loop early) closes the connection, which
        ends a push query or a follow read on the server.
        """
        conn, response = self.open(method, path, params, body, json_body, headers, timeout=timeout)
        return _lines_of(conn, response)


def _early_answer(conn):
    """The answer a server sent before it stopped reading a body (a 400 or 413 mid-upload), if
    it can still be read; ``None`` otherwise. It carries the real reason, not "broken pipe"."""
    try:
        response = conn.getresponse()
    except (OSError, http.client.HTTPException):
        return None
    return response if response.status >= 400 else None


def _lines_of(conn, response):
    try:
        while True:
            try:
                line = response.readline()
            except (socket.timeout, OSError, http.client.HTTPException) as e:
                raise ServerUnreachableError("the streamed answer broke off: %s" % (e or type(e).__name__)) from e
            if not line:
                return
            text = line.decode("utf-8").strip()
            if text:
                yield text
    finally:
        conn.close()
