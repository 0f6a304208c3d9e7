"""Planning the parts of a large file upload, and reading one part from disk in chunks.

As Kumo does, a local file over 1 GB is split by the client into parts of
``partition_size_mb`` MB of its bytes; the server joins the parts back into one file before it
reads records, so byte boundaries may fall anywhere (mid-line, mid-row-group) without loss.
"""

import collections
import os

from .errors import StreamSQLError

__all__ = ["ONE_GB", "MB", "Part", "plan_parts", "needs_partitioning", "FileRange"]

#: Files over this many bytes are partitioned (or refused when ``auto_partition=False``).
ONE_GB = 1024 ** 3
#: One "MB" of ``partition_size_mb``.
MB = 1024 ** 2

Part = collections.namedtuple("Part", ["number", "offset", "length"])
Part.__doc__ = "Part ``number`` (1, 2, …) is ``length`` bytes of the file from ``offset``."


def needs_partitioning(size, auto_partition=True):
    """True when a file of ``size`` bytes is sent in parts; refuses (before sending) when not allowed."""
    if size <= ONE_GB:
        return False
    if not auto_partition:
        raise StreamSQLError(
            "the file is %d bytes, over 1 GB (%d bytes): pass auto_partition=True to upload it in parts"
            % (size, ONE_GB), error_code="file_too_large", details={"bytes": size, "limit": ONE_GB})
    return True


def plan_parts(total_bytes, partition_size_mb=250):
    """The parts covering ``total_bytes`` in order: each ``partition_size_mb`` MB, the last the rest."""
    if not isinstance(partition_size_mb, int) or isinstance(partition_size_mb, bool) or partition_size_mb < 1:
        raise ValueError("partition_size_mb must be a positive integer, not %r" % (partition_size_mb,))
    if total_bytes < 0:
        raise ValueError("total_bytes must not be negative")
    part_bytes = partition_size_mb * MB
    parts = []
    offset = 0
    while offset < total_bytes:
        length = min(part_bytes, total_bytes - offset)
        parts.append(Part(len(parts) + 1, offset, length))
        offset += length
    return parts


class FileRange:
    """A read-only file-like view of ``length`` bytes of ``path`` from ``offset``.

    http.client sends a file-like body by calling ``read(blocksize)`` until it is empty, so a
    part goes from disk to the socket one chunk at a time; no read ever returns more than
    ``max_read`` bytes, whatever size is asked.
    """

    def __init__(self, path, offset, length, max_read=MB):
        self._file = open(path, "rb")
        self._file.seek(offset)
        self._remaining = length
        self._max_read = max_read
        self.length = length

    def read(self, size=-1):
        if self._remaining <= 0:
            return b""
        if size is None or size < 0 or size > self._max_read:
            size = self._max_read
        data = self._file.read(min(size, self._remaining))
        if not data:
            raise IOError("the file ended %d bytes early (was it truncated while uploading?)" % self._remaining)
        self._remaining -= len(data)
        return data

    def close(self):
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def file_size(path):
    """The size of a local file in bytes (``os.stat``; sparse files count their apparent size)."""
    return os.stat(path).st_size
