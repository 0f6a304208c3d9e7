"""Exceptions raised by the client, built from the server's error bodies.

The server answers every error as ``{"error_code","message","details"}`` (native API) or as
ksqlDB's ``{"@type","error_code","message",...}`` (/ksql, /query-stream, /inserts-stream).
Both become a :class:`StreamSQLError` so callers handle one type. It subclasses ``ValueError``
because the seeds (and Kumo's connector) promise ``ValueError`` for refused input.
"""

import json

__all__ = [
    "StreamSQLError",
    "NotFoundError",
    "ConflictError",
    "ServerUnreachableError",
    "error_from_response",
]


class StreamSQLError(ValueError):
    """The server (or the client, before sending) refused a request.

    Attributes: ``error_code`` (the server's code: a string such as ``"stream_not_found"``, or
    ksqlDB's integer such as ``40001``), ``message``, ``status`` (HTTP status, ``None`` when the
    client refused before sending) and ``details`` (a dict, possibly empty).
    """

    def __init__(self, message, error_code=None, status=None, details=None):
        self.message = message
        self.error_code = error_code
        self.status = status
        self.details = details if details is not None else {}
        super().__init__(message)

    def __str__(self):
        where = []
        if self.error_code is not None:
            where.append(str(self.error_code))
        if self.status is not None:
            where.append("HTTP %d" % self.status)
        return "%s (%s)" % (self.message, ", ".join(where)) if where else self.message


class NotFoundError(StreamSQLError, LookupError):
    """A 404: the stream, table, row, version, connector or upload does not exist."""


class ConflictError(StreamSQLError):
    """A 409: the name is taken, the table is immutable, or the version conflicts."""


class ServerUnreachableError(StreamSQLError):
    """No HTTP answer at all (connection refused, reset, or timed out); ``__cause__`` says why."""


def error_from_response(status, body, request_line):
    """The exception for an HTTP error answer: parses either error shape, falls back to the raw text."""
    text = body.decode("utf-8", "replace") if isinstance(body, (bytes, bytearray)) else str(body or "")
    parsed = None
    try:
        parsed = json.loads(text) if text.strip() else None
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and ("message" in parsed or "error_code" in parsed):
        return error_from_entity(parsed, status)
    snippet = text.strip()[:200] or "(empty body)"
    return _error_class(status)("%s answered HTTP %d: %s" % (request_line, status, snippet),
                                error_code=None, status=status, details={})


def error_from_entity(entity, status=None):
    """The exception for one error object (native or ksqlDB), e.g. an error line inside a stream."""
    details = entity.get("details")
    if not isinstance(details, dict):
        details = {k: v for k, v in entity.items() if k not in ("error_code", "message")}
    message = entity.get("message") or "request refused"
    return _error_class(status)(message, error_code=entity.get("error_code"), status=status, details=details)


def _error_class(status):
    if status == 404:
        return NotFoundError
    if status == 409:
        return ConflictError
    return StreamSQLError
