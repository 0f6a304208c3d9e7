"""Request bodies for uploads: events or rows as NDJSON or CSV text.

The server takes one JSON object, an array, NDJSON or CSV with a header; the client sends
NDJSON for Python objects (one line per record, so an error's ``details.line`` is the index of
the record + 1) and CSV built with the csv module for ``format="csv"``.
"""

import csv
import io
import json

__all__ = ["encode_records", "csv_text", "FORMATS"]

FORMATS = ("json", "csv")


def encode_records(records, format="json"):
    """The body for one record (a dict), a list of records, ready-made text/bytes, or an open file.

    ``format="json"``: dicts become NDJSON. ``format="csv"``: text is sent as is (a header line
    then rows); dicts become CSV with a header of their keys in first-seen order.
    """
    if format not in FORMATS:
        raise ValueError("format must be one of %s, not %r" % (", ".join(FORMATS), format))
    if hasattr(records, "read"):
        return records  # an open file: streamed (chunked) by the transport, never read whole
    if isinstance(records, (bytes, bytearray)):
        return bytes(records)
    if isinstance(records, str):
        return records.encode("utf-8")
    if isinstance(records, dict):
        records = [records]
    records = list(records)
    for record in records:
        if not isinstance(record, dict):
            raise TypeError("a record is a dict, not %s" % type(record).__name__)
    if format == "csv":
        return csv_text(records).encode("utf-8")
    return "".join(json.dumps(r, separators=(",", ":"), ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def csv_text(records):
    """CSV (RFC 4180, ``\\n`` line ends) of dicts: the header names every key seen, in order."""
    header = []
    seen = set()
    for record in records:
        for name in record:
            if name not in seen:
                seen.add(name)
                header.append(name)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for record in records:
        writer.writerow(["" if record.get(name) is None else _csv_value(record.get(name)) for name in header])
    return out.getvalue()


def _csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return value
