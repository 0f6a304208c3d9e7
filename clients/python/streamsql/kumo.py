"""Kumo's ``FileUploadConnector``: one file type, tables uploaded from local files, by name.

Mirrors ``kumoai.connector.FileUploadConnector`` so Kumo's examples run against StreamSQL:
each uploaded table is a file table of the file connector (rows appended to a stream of that
name); over 1 GB the client sends the file in parts, as Kumo does.
"""

import collections
import enum

from .errors import NotFoundError
from .files import FILE_TYPES, file_type_of, is_server_path

__all__ = ["FileUploadConnector", "SourceTable", "SourceColumn", "DataSourceType"]


class DataSourceType(str, enum.Enum):
    """Where a connector's data lives (Kumo's enum; only file uploads here)."""

    FILE_UPLOAD = "file_upload"


SourceColumn = collections.namedtuple("SourceColumn", ["name", "type"])
SourceColumn.__doc__ = "A column of a source table: its name and SQL type (``BIGINT``, ``STRING``…)."


class SourceTable:
    """A view of the raw data of one uploaded table: its name, columns, row count and sample."""

    def __init__(self, connector, info):
        self.connector = connector
        self.info = info
        self.name = info.get("name")
        self.columns = [SourceColumn(c.get("name"), c.get("type")) for c in info.get("columns") or []]
        self.rows = info.get("rows")
        self.sample = list(info.get("sample") or [])

    @property
    def column_names(self):
        return [c.name for c in self.columns]

    def head(self, num_rows=5):
        """The first ``num_rows`` rows of the sample (at most 10 are kept)."""
        return self.sample[:num_rows]

    def __repr__(self):
        return "SourceTable(name=%r, columns=%r, rows=%r)" % (self.name, self.column_names, self.rows)


def _check_type(file_type):
    if file_type not in FILE_TYPES:
        raise ValueError("file_type must be 'csv' or 'parquet', not %r" % (file_type,))
    return file_type


class FileUploadConnector:
    """Uploads local CSV or Parquet files (of the one ``file_type``) as named tables."""

    def __init__(self, file_type, client=None):
        self.file_type = _check_type(file_type)
        self._client = client

    @property
    def _files(self):
        if self._client is None:
            from ._default import default_client
            return default_client().files
        return self._client.files

    @property
    def name(self):
        """An internal specifier (file upload connectors are not named): ``file_upload_<type>``."""
        return "file_upload_%s" % self.file_type

    @property
    def source_type(self):
        return DataSourceType.FILE_UPLOAD

    def upload(self, name, path, auto_partition=True, partition_size_mb=250):
        """Uploads the local file ``path`` as table ``name``; returns ``None`` once it is loaded.

        The file's type (by extension) must match the connector's. Over 1 GB it is sent in parts
        of ``partition_size_mb`` MB; with ``auto_partition=False`` such a file raises
        ``ValueError`` before anything is sent.
        """
        if is_server_path(path):
            raise ValueError("FileUploadConnector uploads local files; %r is not one "
                             "(use streamsql.connector.upload_file for server-side paths)" % (path,))
        try:
            path_type = file_type_of(path)
        except ValueError:
            path_type = None
        if path_type is not None and path_type != self.file_type:
            raise ValueError("%r is a %s file but this connector uploads %s files" % (path, path_type, self.file_type))
        self._files.upload(path, name, file_type=self.file_type, auto_partition=auto_partition,
                           partition_size_mb=partition_size_mb)
        return None

    def delete(self, name, file_type):
        """Deletes the uploaded table ``name``; ``file_type`` must match the connector's."""
        if _check_type(file_type) != self.file_type:
            raise ValueError("file_type %r does not match this connector's %r" % (file_type, self.file_type))
        self._files.delete(name, file_type=file_type)
        return None

    def _info(self, name):
        try:
            info = self._files.get(name)
        except NotFoundError:
            return None
        if info.get("file_type") not in (None, self.file_type):
            return None
        return info

    def has_table(self, name):
        """True if a table ``name`` of this connector's file type exists."""
        return self._info(name) is not None

    def table(self, name):
        """The :class:`SourceTable` ``name``; ``ValueError`` if this connector has no such table."""
        info = self._info(name)
        if info is None:
            raise NotFoundError("table %r does not exist in the %s file upload connector" % (name, self.file_type),
                                error_code="file_table_not_found")
        return SourceTable(self, info)

    def table_names(self):
        """The names of the tables uploaded with this connector's file type."""
        return list(self._files.names(file_type=self.file_type))

    def __getitem__(self, name):
        return self.table(name)

    def __repr__(self):
        return "FileUploadConnector(file_type=%r)" % self.file_type


