"""Tables: keyed, schema-less JSON rows, dynamic (upserts/deletes) or immutable (sealed versions)."""

import json

from .bodies import encode_records
from .errors import NotFoundError
from .transport import key_segment, path_segment

__all__ = ["Table", "TablesAPI"]


class Table:
    """A handle on one table; reads and writes go to the server every time."""

    def __init__(self, transport, name, primary_key=None, info=None):
        self._transport = transport
        self.name = name
        self.primary_key = primary_key
        self.info = info or {}

    def __repr__(self):
        return "Table(%r, primary_key=%r)" % (self.name, self.primary_key)

    @property
    def _path(self):
        return "/v1/tables/" + path_segment(self.name)

    def insert(self, rows, format="json"):
        """Upserts one row (a dict), a list of rows, CSV/NDJSON text, or a file opened in binary mode (streamed); each must carry the key.

        Answers after every row is persisted (a following :meth:`get` sees them). Immutable
        tables refuse with :class:`ConflictError` (``table_immutable``).
        """
        content_type = "text/csv" if format == "csv" else "application/x-ndjson"
        return self._transport.request("POST", self._path + "/rows", params={"format": format},
                                       body=encode_records(rows, format), headers={"Content-Type": content_type})

    def get(self, key, version=None):
        """The row with primary key ``key`` (in ``version`` of an immutable table), or ``None``.

        Only a missing row gives ``None``; a missing table or version raises :class:`NotFoundError`.
        Keys are typed: ``get("1")`` and ``get(1)`` are different rows.
        """
        try:
            return self._transport.request("GET", self._path + "/rows/" + key_segment(key),
                                           params={"version": version})
        except NotFoundError as e:
            if e.error_code == "row_not_found":
                return None
            raise

    def delete(self, key):
        """Deletes the row ``key`` of a dynamic table (a tombstone in its changelog)."""
        return self._transport.request("DELETE", self._path + "/rows/" + key_segment(key))

    def rows(self, version=None):
        """Yields every row (of ``version``), partition after partition, in key order."""
        for line in self._transport.lines("GET", self._path + "/rows", params={"version": version}):
            yield json.loads(line)

    def __iter__(self):
        return self.rows()

    def changes(self, from_="earliest", partition=None, limit=None, follow=False):
        """Yields the changelog of a dynamic table; a delete has ``"value": None``."""
        params = {"from": from_, "partition": partition, "limit": limit, "follow": True if follow else None}
        for line in self._transport.lines("GET", self._path + "/changes", params=params):
            yield json.loads(line)

    def make_immutable(self, version=1):
        """Seals the current content as ``version``; the table refuses writes from then on."""
        return self._transport.request("POST", self._path + "/versions", json_body={"version": version})

    def create_version(self, version, data):
        """Creates ``version`` of an immutable table from ``data`` (a list of rows); it must be newer."""
        return self._transport.request("POST", self._path + "/versions",
                                       json_body={"version": version, "data": list(data)})

    def versions(self):
        """The sealed versions, oldest first (``[]`` for a dynamic table or one without a version)."""
        return self._transport.request("GET", self._path + "/versions").get("versions") or []

    def describe(self):
        """The table's description (kind, versions, row counts)."""
        self.info = self._transport.request("GET", self._path)
        return self.info

    def drop(self):
        """Deletes the table (the name is free at once)."""
        return self._transport.request("DELETE", self._path)


class TablesAPI:
    """Creates, finds, lists and deletes tables."""

    def __init__(self, transport):
        self._transport = transport

    def create(self, name, primary_key, data=None, immutable=False, version=None, partitions=None):
        """Creates a table; with ``immutable=True`` and ``data`` its version ``version`` (default 1).

        A dynamic table cannot be versioned: ``data`` or ``version`` without ``immutable=True``
        is refused by the server (400).
        """
        body = {"name": name, "primary_key": primary_key}
        if immutable:
            body["immutable"] = True
        if version is not None:
            body["version"] = version
        if data is not None:
            body["data"] = list(data)
        if partitions is not None:
            body["partitions"] = partitions
        info = self._transport.request("POST", "/v1/tables", json_body=body)
        return Table(self._transport, info.get("name", name), info.get("primary_key", primary_key), info)

    def get(self, name):
        """The table ``name``; :class:`NotFoundError` if there is none."""
        info = self._transport.request("GET", "/v1/tables/" + path_segment(name))
        return Table(self._transport, info.get("name", name), info.get("primary_key"), info)

    def list(self):
        """Every table's description."""
        return self._transport.request("GET", "/v1/tables").get("tables", [])

    def delete(self, name):
        """Deletes the table ``name``."""
        return self._transport.request("DELETE", "/v1/tables/" + path_segment(name))
