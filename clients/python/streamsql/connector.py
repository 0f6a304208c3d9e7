"""``streamsql.connector``: file and Kafka connectors on the default server (see ``streamsql.connect``)."""

from ._default import default_client
from .client import ConnectorAPI

__all__ = ["upload_file", "get_file_table", "file_table_names", "delete_file_table",
           "upload_kafka", "get_kafka", "list_kafka", "export_kafka", "get_kafka_sink"]


def _delegate(name):
    def call(*args, **kwargs):
        return getattr(default_client().connector, name)(*args, **kwargs)
    call.__name__ = name
    call.__doc__ = getattr(ConnectorAPI, name).__doc__
    return call


upload_file = _delegate("upload_file")
get_file_table = _delegate("get_file_table")
file_table_names = _delegate("file_table_names")
delete_file_table = _delegate("delete_file_table")
upload_kafka = _delegate("upload_kafka")
get_kafka = _delegate("get_kafka")
list_kafka = _delegate("list_kafka")
export_kafka = _delegate("export_kafka")
get_kafka_sink = _delegate("get_kafka_sink")
