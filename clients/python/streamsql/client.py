"""The client object: one server address and key, and every API area bound to it."""

from .files import FilesAPI
from .kafka import KafkaAPI
from .ksql import KsqlAPI
from .streams import StreamsAPI
from .tables import TablesAPI
from .transport import Transport

__all__ = ["Client", "DEFAULT_URL"]

DEFAULT_URL = "http://localhost:8088"


class Client:
    """A StreamSQL server at ``url``; ``api_key`` is sent as ``Authorization: Bearer <key>``.

    ``client.source`` and ``client.connector`` have the same functions as the modules
    ``streamsql.source`` and ``streamsql.connector``, bound to this server.
    """

    def __init__(self, url=DEFAULT_URL, api_key=None, timeout=60.0):
        self.transport = Transport(url, api_key=api_key, timeout=timeout)
        self.streams = StreamsAPI(self.transport)
        self.tables = TablesAPI(self.transport)
        self.files = FilesAPI(self.transport)
        self.kafka = KafkaAPI(self.transport)
        self.ksql = KsqlAPI(self.transport)
        self.source = SourceAPI(self)
        self.connector = ConnectorAPI(self)

    @property
    def url(self):
        return self.transport.base_url

    def __repr__(self):
        return "streamsql.Client(%r)" % self.url

    # SQL
    def sql(self, statement, properties=None, session_variables=None):
        """Runs statements on ``/ksql``; the list of ksqlDB entities."""
        return self.ksql.sql(statement, properties, session_variables)

    def query_stream(self, sql, properties=None, session_variables=None, timeout=None):
        """A query's rows (dicts) as they arrive from ``/query-stream``."""
        return self.ksql.query_stream(sql, properties, session_variables, timeout)

    def pull_query(self, sql, properties=None, timeout=60.0):
        """A pull query's rows as a list of dicts."""
        return self.ksql.pull_query(sql, properties, timeout)

    def insert_stream(self, target, rows, timeout=60.0):
        """Inserts rows into a SQL stream through ``/inserts-stream``; the list of acks."""
        return self.ksql.insert_stream(target, rows, timeout)

    def FileUploadConnector(self, file_type):  # noqa: N802 (Kumo's class name)
        """Kumo's file upload connector bound to this server."""
        from .kumo import FileUploadConnector
        return FileUploadConnector(file_type, client=self)

    def health(self):
        """``/readyz``: ``{"status":"ready",…}``; raises while the node is not ready (503)."""
        return self.transport.request("GET", "/readyz")


class SourceAPI:
    """``streamsql.source``: streams and tables (the seeds' ``streamsql.source.*``)."""

    def __init__(self, client):
        self._client = client

    def create_stream(self, name, retention_policy=None, partitions=None):
        return self._client.streams.create(name, retention_policy=retention_policy, partitions=partitions)

    def get_stream(self, name):
        return self._client.streams.get(name)

    def list_streams(self):
        return self._client.streams.list()

    def delete_stream(self, name):
        return self._client.streams.delete(name)

    def create_table(self, name, primary_key, data=None, immutable=False, version=None, partitions=None):
        return self._client.tables.create(name, primary_key, data=data, immutable=immutable,
                                          version=version, partitions=partitions)

    def get_table(self, name):
        return self._client.tables.get(name)

    def list_tables(self):
        return self._client.tables.list()

    def delete_table(self, name):
        return self._client.tables.delete(name)


class ConnectorAPI:
    """``streamsql.connector``: files and Kafka (the seeds' ``streamsql.connector.*``)."""

    def __init__(self, client):
        self._client = client

    def upload_file(self, path, name, primary_key=None, file_type=None, version=None, columns=None,
                    partitions=None, auto_partition=True, partition_size_mb=250):
        return self._client.files.upload(path, name, primary_key=primary_key, file_type=file_type,
                                         version=version, columns=columns, partitions=partitions,
                                         auto_partition=auto_partition, partition_size_mb=partition_size_mb)

    def get_file_table(self, name):
        return self._client.files.get(name)

    def file_table_names(self, file_type=None):
        return self._client.files.names(file_type)

    def delete_file_table(self, name, file_type=None):
        return self._client.files.delete(name, file_type)

    def upload_kafka(self, brokers, name, format="json", topic=None, key_format=None, columns=None,
                     retention_policy=None, partitions=None, properties=None):
        return self._client.kafka.create_source(brokers, name, format=format, topic=topic, key_format=key_format,
                                                columns=columns, retention_policy=retention_policy,
                                                partitions=partitions, properties=properties)

    def get_kafka(self, name):
        return self._client.kafka.get_source(name)

    def list_kafka(self):
        return self._client.kafka.list_sources()

    def export_kafka(self, name, source, brokers, topic=None, from_="earliest", properties=None):
        return self._client.kafka.create_sink(name, source, brokers, topic=topic, from_=from_, properties=properties)

    def get_kafka_sink(self, name):
        return self._client.kafka.get_sink(name)


# The facades' methods share the APIs' docstrings, so help() says the same thing everywhere.
for _facade, _pairs in ((SourceAPI, [("create_stream", StreamsAPI.create), ("get_stream", StreamsAPI.get),
                                     ("list_streams", StreamsAPI.list), ("delete_stream", StreamsAPI.delete),
                                     ("create_table", TablesAPI.create), ("get_table", TablesAPI.get),
                                     ("list_tables", TablesAPI.list), ("delete_table", TablesAPI.delete)]),
                        (ConnectorAPI, [("upload_file", FilesAPI.upload), ("get_file_table", FilesAPI.get),
                                        ("file_table_names", FilesAPI.names), ("delete_file_table", FilesAPI.delete),
                                        ("upload_kafka", KafkaAPI.create_source), ("get_kafka", KafkaAPI.get_source),
                                        ("list_kafka", KafkaAPI.list_sources), ("export_kafka", KafkaAPI.create_sink),
                                        ("get_kafka_sink", KafkaAPI.get_sink)])):
    for _name, _api in _pairs:
        getattr(_facade, _name).__doc__ = _api.__doc__
