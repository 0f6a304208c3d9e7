"""The file connector (``/v1/connectors/files``): file tables loaded from CSV or Parquet files.

A local path is uploaded by the client (streamed; in parts over 1 GB); a ``file://``,
``http(s)://`` or ``hdfs://`` path is handed to the server, which reads it itself.
"""

import os
import urllib.parse

from .errors import StreamSQLError
from .partitioning import FileRange, file_size, needs_partitioning, plan_parts
from .transport import path_segment

__all__ = ["FilesAPI", "FILE_TYPES", "file_type_of", "is_server_path"]

FILE_TYPES = ("csv", "parquet")
_EXTENSIONS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".parq": "parquet"}
_SERVER_SCHEMES = ("file", "http", "https", "hdfs")


def is_server_path(path):
    """True for a path the server reads itself (``file://``, ``http(s)://``, ``hdfs://``)."""
    scheme = urllib.parse.urlsplit(str(path)).scheme.lower()
    return scheme in _SERVER_SCHEMES


def file_type_of(path, file_type=None):
    """``file_type`` checked, or the type named by the path's extension; ValueError if neither works."""
    if file_type is not None:
        if file_type not in FILE_TYPES:
            raise ValueError("file_type must be 'csv' or 'parquet', not %r" % (file_type,))
        return file_type
    name = urllib.parse.urlsplit(str(path)).path if is_server_path(path) else str(path)
    extension = os.path.splitext(name)[1].lower()
    if extension not in _EXTENSIONS:
        raise ValueError("cannot tell the file type of %r from its extension: pass file_type='csv' or 'parquet'" % (path,))
    return _EXTENSIONS[extension]


def _columns_text(columns):
    """Declared columns as the server's text ``id BIGINT, name STRING`` (a dict or text accepted)."""
    if columns is None or isinstance(columns, str):
        return columns
    return ", ".join("%s %s" % (name, sql_type) for name, sql_type in dict(columns).items())


class FilesAPI:
    """Uploads, lists, describes and deletes file tables."""

    def __init__(self, transport):
        self._transport = transport

    def upload(self, path, name, primary_key=None, file_type=None, version=None, columns=None,
               partitions=None, auto_partition=True, partition_size_mb=250):
        """Loads the file at ``path`` as file table ``name``; returns the file table.

        With ``primary_key`` it becomes a version of the immutable table ``name``; without, its
        rows are appended to the stream ``name``. ``columns`` declares CSV column types
        (``{"id": "BIGINT"}`` or ``"id BIGINT, …"``); otherwise they are inferred.
        """
        file_type = file_type_of(path, file_type)
        options = {"file_type": file_type, "primary_key": primary_key, "version": version,
                   "columns": _columns_text(columns), "partitions": partitions}
        if is_server_path(path):
            body = dict(options, name=name, path=str(path), auto_partition=auto_partition,
                        partition_size_mb=partition_size_mb)
            body = {k: v for k, v in body.items() if v is not None}
            return self._transport.request("POST", "/v1/connectors/files", json_body=body)
        size = file_size(path)
        if needs_partitioning(size, auto_partition):
            return self.upload_in_parts(path, name, partition_size_mb=partition_size_mb, **options)
        with FileRange(path, 0, size) as body:
            return self._transport.request(
                "PUT", "/v1/connectors/files/" + path_segment(name),
                params=dict(options, auto_partition=auto_partition, partition_size_mb=partition_size_mb),
                body=body, content_length=size, headers={"Content-Type": "application/octet-stream"},
                timeout=None)

    def upload_in_parts(self, path, name, file_type, partition_size_mb=250, primary_key=None, version=None,
                        columns=None, partitions=None):
        """Sends a local file as a multi-part upload of ``partition_size_mb`` MB parts, in order.

        Each part is streamed from disk in chunks. If anything fails the upload is abandoned
        (``DELETE …/uploads/{id}``) so no partial version is ever committed.
        """
        size = file_size(path)
        parts = plan_parts(size, partition_size_mb)
        start = {"file_type": file_type, "primary_key": primary_key, "version": version,
                 "columns": _columns_text(columns), "partitions": partitions, "total_bytes": size}
        uploads = "/v1/connectors/files/" + path_segment(name) + "/uploads"
        started = self._transport.request("POST", uploads, json_body={k: v for k, v in start.items() if v is not None})
        upload = uploads + "/" + path_segment(started["upload_id"])
        try:
            for part in parts:
                with FileRange(path, part.offset, part.length) as body:
                    self._transport.request("PUT", "%s/parts/%d" % (upload, part.number), body=body,
                                            content_length=part.length, timeout=None,
                                            headers={"Content-Type": "application/octet-stream"})
            return self._transport.request("POST", upload + "/complete", timeout=None)
        except BaseException:
            try:
                self._transport.request("DELETE", upload)
            except StreamSQLError:
                pass  # the original failure is what matters
            raise

    def get(self, name):
        """The file table ``name`` (columns, rows, parts, sample…); :class:`NotFoundError` if unknown."""
        return self._transport.request("GET", "/v1/connectors/files/" + path_segment(name))

    def names(self, file_type=None):
        """The names of the file tables (of ``file_type`` when given)."""
        return self._transport.request("GET", "/v1/connectors/files", params={"file_type": file_type}).get("tables", [])

    def delete(self, name, file_type=None):
        """Deletes file table ``name`` with its table or stream; 400 if ``file_type`` does not match."""
        return self._transport.request("DELETE", "/v1/connectors/files/" + path_segment(name),
                                       params={"file_type": file_type})
