"""StreamSQL's Python client (standard library only).

    import streamsql
    stream = streamsql.source.create_stream(name="clicks")   # server: $STREAMSQL_URL
    stream.upload({"user": "ann"})

Module-level functions use a default client built from ``$STREAMSQL_URL`` (default
``http://localhost:8088``) and ``$STREAMSQL_API_KEY``; ``streamsql.connect(url, api_key)``
returns a client and makes it the default.
"""

from . import connector, source
from ._default import default_client, set_default_client
from .client import DEFAULT_URL, Client
from .errors import ConflictError, NotFoundError, ServerUnreachableError, StreamSQLError
from .kafka import KafkaConnector
from .ksql import QueryRows
from .kumo import DataSourceType, FileUploadConnector, SourceColumn, SourceTable
from .streams import Stream
from .tables import Table

__version__ = "0.1.0"

__all__ = [
    "connect", "sql", "query_stream", "pull_query", "insert_stream",
    "source", "connector", "FileUploadConnector", "SourceTable", "SourceColumn", "DataSourceType",
    "Client", "Stream", "Table", "KafkaConnector", "QueryRows",
    "StreamSQLError", "NotFoundError", "ConflictError", "ServerUnreachableError",
    "default_client", "set_default_client", "DEFAULT_URL",
]


def connect(url=None, api_key=None, timeout=60.0):
    """A client for the server at ``url`` (default ``$STREAMSQL_URL`` or ``http://localhost:8088``).

    It also becomes the default client of the module-level functions (``streamsql.source``,
    ``streamsql.connector``, ``streamsql.sql``…), so a script can connect once and use them.
    """
    import os
    client = Client(url or os.environ.get("STREAMSQL_URL") or DEFAULT_URL, api_key=api_key, timeout=timeout)
    set_default_client(client)
    return client


def sql(statement, properties=None, session_variables=None):
    """Runs statements on ``/ksql``; returns the list of ksqlDB entities (one per statement that has one)."""
    return default_client().sql(statement, properties, session_variables)


def query_stream(sql, properties=None, session_variables=None, timeout=None):
    """Starts a query on ``/query-stream``; iterate the returned rows (dicts keyed by column name)."""
    return default_client().query_stream(sql, properties, session_variables, timeout)


def pull_query(sql, properties=None, timeout=60.0):
    """Runs a pull query (a SELECT without EMIT CHANGES); returns its rows as a list of dicts."""
    return default_client().pull_query(sql, properties, timeout)


def insert_stream(target, rows, timeout=60.0):
    """Inserts rows (dicts) into SQL stream ``target`` via ``/inserts-stream``; returns the acks.

    Raises :class:`StreamSQLError` on the first error ack (``details["seq"]`` names the row).
    """
    return default_client().insert_stream(target, rows, timeout)
