"""``streamsql.source``: streams and tables on the default server (see ``streamsql.connect``)."""

from ._default import default_client
from .client import SourceAPI

__all__ = ["create_stream", "get_stream", "list_streams", "delete_stream",
           "create_table", "get_table", "list_tables", "delete_table"]


def _delegate(name):
    def call(*args, **kwargs):
        return getattr(default_client().source, name)(*args, **kwargs)
    call.__name__ = name
    call.__doc__ = getattr(SourceAPI, name).__doc__
    return call


create_stream = _delegate("create_stream")
get_stream = _delegate("get_stream")
list_streams = _delegate("list_streams")
delete_stream = _delegate("delete_stream")
create_table = _delegate("create_table")
get_table = _delegate("get_table")
list_tables = _delegate("list_tables")
delete_table = _delegate("delete_table")
