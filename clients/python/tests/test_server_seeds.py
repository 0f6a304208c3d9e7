"""The seeds' examples, as written, against the real server at $STREAMSQL_URL.

Each test runs the example's code unchanged (names included), so leftovers of the same
example from an earlier run are removed first. The immutable-table example has a typo in the
seed (``].`` after ``data=[...]``); it is run with the comma it means. ``upload_file`` of an
``hdfs://`` path needs an HDFS namenode and is checked for what it sends in
test_unit_requests.ServerReadPaths.
"""

import csv
import os
import shutil
import tempfile
import unittest

from parquet_fixture import write_parquet
from support import server_client

import streamsql


def _forget(delete, name):
    try:
        delete(name)
    except streamsql.NotFoundError:
        pass


class ConnectAndUploadDataSeed(unittest.TestCase):
    """streamsql-connect-and-upload-data.md"""

    @classmethod
    def setUpClass(cls):
        cls.client = server_client()

    def test_create_a_stream_and_upload_an_event(self):
        _forget(streamsql.source.delete_stream, "MyStream")
        self.addCleanup(_forget, streamsql.source.delete_stream, "MyStream")

        stream = streamsql.source.create_stream(name="MyStream")
        stream.upload({"key": "value"}, format="json")

        self.assertEqual([{"key": "value"}], [r["value"] for r in stream.read()])

    def test_dynamic_table_insert_and_get(self):
        _forget(streamsql.source.delete_table, "MyTable")
        self.addCleanup(_forget, streamsql.source.delete_table, "MyTable")

        table = streamsql.source.create_table(
            name="MyTable",
            primary_key="id",
        )
        table.insert({"id": "user1", "first_name": "simba", "last_name": "khadder"})
        row = table.get("user1")

        self.assertEqual({"id": "user1", "first_name": "simba", "last_name": "khadder"}, row)

    def test_immutable_table_with_data_and_get(self):
        _forget(streamsql.source.delete_table, "MyTable")
        self.addCleanup(_forget, streamsql.source.delete_table, "MyTable")

        table = streamsql.source.create_table(
            name="MyTable",
            primary_key="id",
            data=[{"id": "user1", "first_name": "simba", "last_name": "khadder"}],
            immutable=True,
            version=1,
        )
        row = table.get("user1")

        self.assertEqual({"id": "user1", "first_name": "simba", "last_name": "khadder"}, row)
        self.assertEqual([1], table.versions())

    def test_dynamic_table_made_immutable(self):
        _forget(streamsql.source.delete_table, "MyTable")
        self.addCleanup(_forget, streamsql.source.delete_table, "MyTable")
        table = streamsql.source.create_table(name="MyTable", primary_key="id")
        table.insert({"id": "user1", "first_name": "simba"})

        table.make_immutable(version=1)

        self.assertEqual([1], table.versions())
        self.assertEqual("simba", table.get("user1", version=1)["first_name"])

    @unittest.skipUnless(os.environ.get("KAFKA_BROKERS") and os.environ.get("KAFKA_TOPIC") == "transactions",
                         "needs a Kafka broker with a topic named transactions: "
                         "set KAFKA_BROKERS and KAFKA_TOPIC=transactions")
    def test_upload_kafka(self):
        # The seed's brokers=["localhost:9092"] is the test broker's address here.
        _forget(lambda n: streamsql.connector.get_kafka(n).delete(), "transactions")
        _forget(streamsql.source.delete_stream, "transactions")
        self.addCleanup(_forget, streamsql.source.delete_stream, "transactions")
        self.addCleanup(_forget, lambda n: streamsql.connector.get_kafka(n).delete(), "transactions")

        connector = streamsql.connector.upload_kafka(
            brokers=os.environ["KAFKA_BROKERS"].split(","),
            name="transactions",
            format="json",
        )

        self.assertEqual("transactions", connector.status()["topic"])


class KumoFileUploadConnectorSeed(unittest.TestCase):
    """kumo-file-upload-connector.txt, with the files in a temporary directory for /data."""

    @classmethod
    def setUpClass(cls):
        cls.client = server_client()

    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="streamsql-seed-")
        self.addCleanup(shutil.rmtree, self.data, True)
        with open(os.path.join(self.data, "users.csv"), "w", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows([["id", "name"], ["1", "ann"], ["2", "bob"]])
        write_parquet(os.path.join(self.data, "users.parquet"), {"id": [1, 2], "name": ["ann", "bob"]})

    def test_parquet_upload_and_has_table(self):
        parquet = streamsql.FileUploadConnector(file_type="parquet")
        if streamsql.FileUploadConnector(file_type="csv").has_table("users"):
            streamsql.FileUploadConnector(file_type="csv").delete(name="users", file_type="csv")
        if parquet.has_table("users"):
            parquet.delete(name="users", file_type="parquet")
        self.addCleanup(lambda: parquet.has_table("users") and parquet.delete(name="users", file_type="parquet"))

        # Create the file upload connector:
        connector = streamsql.FileUploadConnector(file_type="parquet")

        # Upload the table; assume it is stored at `/data/users.parquet`
        connector.upload(name="users", path=os.path.join(self.data, "users.parquet"))

        # Check that the file upload connector has a `users` table:
        assert connector.has_table("users")
        self.assertEqual([("id", "BIGINT"), ("name", "STRING")], [tuple(c) for c in connector["users"].columns])

    def test_csv_upload_has_table_and_delete(self):
        connector = streamsql.FileUploadConnector(file_type="csv")
        if streamsql.FileUploadConnector(file_type="parquet").has_table("users"):
            streamsql.FileUploadConnector(file_type="parquet").delete(name="users", file_type="parquet")
        if connector.has_table("users"):
            connector.delete(name="users", file_type="csv")

        connector.upload(name="users", path=os.path.join(self.data, "users.csv"))
        assert connector.has_table("users")
        self.assertEqual(2, connector["users"].rows)

        connector.delete(name="users", file_type="csv")
        self.assertFalse(connector.has_table("users"))


if __name__ == "__main__":
    unittest.main()
