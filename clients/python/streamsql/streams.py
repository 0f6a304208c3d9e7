"""Streams: append-only, partitioned logs of events (``/v1/streams``)."""

import json

from .bodies import encode_records
from .transport import path_segment

__all__ = ["Stream", "StreamsAPI"]


class Stream:
    """A handle on one stream; it holds no state beyond its name, so it never goes stale."""

    def __init__(self, transport, name, info=None):
        self._transport = transport
        self.name = name
        self.info = info or {}

    def __repr__(self):
        return "Stream(%r)" % self.name

    @property
    def _path(self):
        return "/v1/streams/" + path_segment(self.name)

    def upload(self, events, format="json", key_field=None):
        """Appends one event (a dict), a list of events, CSV/NDJSON text, or a file opened in binary mode (streamed); answers after persistence.

        Returns the server's receipt ``{"stream","records","partitions":[...]}``. A bad record
        raises :class:`StreamSQLError` (``malformed_record``) whose ``details["appended"]`` says
        what was stored before it.
        """
        body = encode_records(events, format)
        content_type = "text/csv" if format == "csv" else "application/x-ndjson"
        return self._transport.request("POST", self._path + "/events",
                                       params={"format": format, "key_field": key_field},
                                       body=body, headers={"Content-Type": content_type})

    def records(self, from_="earliest", partition=None, limit=None, follow=False, timeout=None):
        """Yields the stored records ``{"partition","offset","timestamp","key","value"}``.

        ``from_``: ``"earliest"``, ``"latest"``, an offset or an ISO-8601 time. With
        ``follow=True`` it keeps yielding records as they are persisted until closed.
        """
        params = {"from": from_, "partition": partition, "limit": limit, "follow": True if follow else None}
        for line in self._transport.lines("GET", self._path + "/events", params=params, timeout=timeout):
            yield json.loads(line)

    def read(self, from_="earliest", partition=None, limit=None):
        """The stored records as a list (see :meth:`records`)."""
        return list(self.records(from_=from_, partition=partition, limit=limit))

    def __iter__(self):
        return self.records()

    def describe(self):
        """The stream with its record and byte counts and per-partition offsets."""
        self.info = self._transport.request("GET", self._path)
        return self.info

    def delete(self):
        """Deletes the stream (the name is free at once)."""
        return self._transport.request("DELETE", self._path)


class StreamsAPI:
    """Creates, finds, lists and deletes streams."""

    def __init__(self, transport):
        self._transport = transport

    def create(self, name, retention_policy=None, partitions=None):
        """Creates a stream; 409 (:class:`ConflictError`) if the name is taken."""
        body = {"name": name}
        if retention_policy is not None:
            body["retention_policy"] = retention_policy
        if partitions is not None:
            body["partitions"] = partitions
        info = self._transport.request("POST", "/v1/streams", json_body=body)
        return Stream(self._transport, info.get("name", name), info)

    def get(self, name):
        """The stream ``name``; :class:`NotFoundError` if there is none."""
        info = self._transport.request("GET", "/v1/streams/" + path_segment(name))
        return Stream(self._transport, info.get("name", name), info)

    def list(self):
        """Every stream's description (name, partitions, retention_policy, created_at)."""
        return self._transport.request("GET", "/v1/streams").get("streams", [])

    def delete(self, name):
        """Deletes the stream ``name``."""
        return self._transport.request("DELETE", "/v1/streams/" + path_segment(name))
