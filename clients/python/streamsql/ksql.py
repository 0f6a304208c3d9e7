"""ksqlDB's endpoints: statements (/ksql), queries (/query-stream) and inserts (/inserts-stream)."""

import http.client
import json
import threading

from .errors import ServerUnreachableError, StreamSQLError, error_from_entity, error_from_response

__all__ = ["KsqlAPI", "QueryRows"]

DELIMITED = "application/vnd.ksqlapi.delimited.v1"


class QueryRows:
    """The rows of one query, as dicts keyed by column name; an iterator like a generator.

    ``columns``, ``column_types`` and ``query_id`` come from the header, read when the query is
    started (so a bad statement raises at once). Iteration ends when the server ends the
    response (LIMIT reached, pull query done, query closed). :meth:`close` (or leaving a
    ``with`` block) disconnects, which ends a push query on the server.
    """

    def __init__(self, header, lines):
        self.header = header
        self.columns = list(header.get("columnNames") or [])
        self.column_types = list(header.get("columnTypes") or [])
        self.query_id = header.get("queryId")
        self._lines = lines

    def __iter__(self):
        return self

    def __next__(self):
        for line in self._lines:
            value = json.loads(line)
            if isinstance(value, list):
                return dict(zip(self.columns, value))
            if isinstance(value, dict) and ("error_code" in value or "@type" in value):
                self.close()
                raise error_from_entity(value)
        raise StopIteration

    def close(self):
        """Disconnects (ending a push query)."""
        self._lines.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class KsqlAPI:
    """The SQL side of the server, as ksqlDB's clients see it."""

    def __init__(self, transport):
        self._transport = transport

    def sql(self, statement, properties=None, session_variables=None):
        """Runs one or more statements; returns the list of ksqlDB entities, one per statement that has one."""
        body = {"ksql": statement}
        if properties:
            body["streamsProperties"] = properties
        if session_variables:
            body["sessionVariables"] = session_variables
        return self._transport.request("POST", "/ksql", json_body=body,
                                       headers={"Accept": "application/vnd.ksql.v1+json"}) or []

    def query_stream(self, sql, properties=None, session_variables=None, timeout=None):
        """Starts a query and returns its rows (:class:`QueryRows`), read as they arrive.

        A push query (``EMIT CHANGES``) runs until its LIMIT or until the rows are closed; pass
        ``properties={"auto.offset.reset": "earliest"}`` to read from the start.
        """
        body = {"sql": sql, "properties": properties or {}}
        if session_variables:
            body["sessionVariables"] = session_variables
        lines = self._transport.lines("POST", "/query-stream", json_body=body,
                                      headers={"Accept": DELIMITED}, timeout=timeout)
        try:
            first = next(lines)
        except StopIteration:
            raise StreamSQLError("/query-stream ended without a header", error_code=None)
        header = json.loads(first)
        if "columnNames" not in header:
            lines.close()
            raise error_from_entity(header)
        return QueryRows(header, lines)

    def pull_query(self, sql, properties=None, timeout=60.0):
        """The rows of a pull query (a SELECT without ``EMIT CHANGES``) as a list of dicts."""
        if "EMIT CHANGES" in " ".join(sql.upper().split()):
            raise ValueError("pull_query takes a SELECT without EMIT CHANGES; use query_stream for push queries")
        with self.query_stream(sql, properties, timeout=timeout) as rows:
            return list(rows)

    def insert_stream(self, target, rows, timeout=60.0):
        """Inserts rows (dicts) into stream ``target``; returns the acks ``{"status":"ok","seq":n}``.

        Rows are sent while acks are read (HTTP/1.1 chunked, full duplex), so a long or
        unbounded iterable never stalls. An error ack raises :class:`StreamSQLError` with
        ``details["seq"]``: rows before it are persisted; rows after it that were already
        sent may be persisted too (the server goes on after a bad row).
        """
        return list(self.iter_insert_acks(target, rows, timeout))

    def iter_insert_acks(self, target, rows, timeout=60.0):
        """Like :meth:`insert_stream`, yielding each ack as it arrives."""
        transport = self._transport
        conn = transport._connection(timeout)
        headers = transport._headers({"Content-Type": DELIMITED, "Accept": DELIMITED,
                                      "Transfer-Encoding": "chunked"})
        request_line = "POST %s" % transport.url("/inserts-stream")
        try:
            conn.putrequest("POST", transport.target("/inserts-stream"), skip_accept_encoding=True)
            for name, value in headers.items():
                conn.putheader(name, value)
            conn.endheaders()
            conn.send(_chunk(json.dumps({"target": target}) + "\n"))
        except OSError as e:
            conn.close()
            raise ServerUnreachableError("%s failed: %s" % (request_line, e)) from e
        # The socket is used directly from here on: HTTPConnection.getresponse() would close the
        # connection on a "Connection: close" answer and the next send would silently reconnect.
        sock = conn.sock
        sender = _RowSender(sock, rows)
        sender.start()
        response = http.client.HTTPResponse(sock, method="POST")
        try:
            try:
                response.begin()
            except (OSError, http.client.HTTPException) as e:
                raise ServerUnreachableError("%s failed: %s" % (request_line, e)) from e
            if response.status >= 400:
                raise error_from_response(response.status, response.read(), request_line)
            while True:
                try:
                    line = response.readline()
                except (OSError, http.client.HTTPException) as e:
                    if sender.error is not None:
                        raise sender.error
                    raise ServerUnreachableError("%s: the acks broke off: %s" % (request_line, e)) from e
                if not line:
                    break
                text = line.decode("utf-8").strip()
                if not text or text in ("[", "]"):
                    continue
                ack = json.loads(text.rstrip(","))
                if ack.get("status") != "ok":
                    details = {k: v for k, v in ack.items() if k not in ("message", "error_code")}
                    raise StreamSQLError(ack.get("message") or "insert refused", error_code=ack.get("error_code"),
                                         status=response.status, details=details)
                yield ack
            if sender.error is not None:
                raise sender.error
        finally:
            sender.stop()
            response.close()
            conn.close()


def _chunk(text):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return b"%x\r\n%s\r\n" % (len(data), data)


class _RowSender(threading.Thread):
    """Writes the rows as chunks on its own thread so acks are read while rows are sent."""

    BATCH_BYTES = 64 * 1024

    def __init__(self, sock, rows):
        super().__init__(daemon=True, name="streamsql-inserts-sender")
        self._sock = sock
        self._rows = rows
        self._stopped = threading.Event()
        self.error = None

    def run(self):
        try:
            # A list is sent in batches; a generator row by row, so a slow producer's rows
            # are not held back waiting for a batch to fill.
            batch_bytes = self.BATCH_BYTES if hasattr(self._rows, "__len__") else 0
            pending = []
            size = 0
            for row in self._rows:
                if self._stopped.is_set():
                    return
                line = json.dumps(row, separators=(",", ":"), ensure_ascii=False) + "\n"
                pending.append(line)
                size += len(line)
                if size >= batch_bytes:
                    self._sock.sendall(_chunk("".join(pending)))
                    pending, size = [], 0
            if pending:
                self._sock.sendall(_chunk("".join(pending)))
            self._sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the response side reports the broken connection
        except Exception as e:  # a row that is not JSON-serializable
            self.error = e
            try:
                self._sock.shutdown(2)
            except (OSError, AttributeError):
                pass

    def stop(self):
        self._stopped.set()
