"""What the client sends, seen by an in-process fake server: partitioned uploads, server-read
paths, Kafka connectors and the API key. No StreamSQL server is needed."""

import os
import re
import tempfile
import tracemalloc
import unittest

import support  # noqa: F401  (puts the package on sys.path)

import streamsql
from fake_server import FakeServer
from streamsql.partitioning import MB, ONE_GB

UPLOADS = re.compile(r"^/v1/connectors/files/([^/?]+)/uploads(?:/([^/?]+)(?:/(parts/\d+|complete))?)?(\?.*)?$")


def file_connector_answers(recorded):
    """Answers like docs/connectors.md: uploads, parts, complete, PUT and POST of a file table."""
    match = UPLOADS.match(recorded.path)
    if match and match.group(2) is None:
        return 201, {"upload_id": "u-1"}
    if match and match.group(3) and match.group(3).startswith("parts/"):
        return 200, {"part": int(match.group(3)[6:]), "bytes": recorded.length}
    if match and match.group(3) == "complete":
        return 201, {"name": match.group(1), "kind": "stream", "rows": 0}
    if match and recorded.method == "DELETE":
        return 200, {"deleted": "u-1"}
    if recorded.path.startswith("/v1/connectors/kafka"):
        return 201, {"name": "transactions", "state": "running"}
    return 201, {"name": "users", "kind": "immutable_table"}


class SparseFile:
    """A sparse file of ``size`` bytes (``truncate``): its apparent size costs no disk."""

    def __init__(self, size, suffix):
        self.size = size
        self.suffix = suffix

    def __enter__(self):
        handle, self.path = tempfile.mkstemp(suffix=self.suffix)
        with os.fdopen(handle, "wb") as f:
            f.truncate(self.size)
        return self.path

    def __exit__(self, *exc):
        os.remove(self.path)
        return False


class PartitionedUpload(unittest.TestCase):
    """Kumo's FileUploadConnector.upload on a local file over 1 GB."""

    SIZE = int(1.1 * ONE_GB)

    def test_a_file_over_one_gb_is_sent_as_parts_of_partition_size_mb_in_order(self):
        with FakeServer(file_connector_answers) as server, SparseFile(self.SIZE, ".csv") as path:
            connector = streamsql.Client(server.url).FileUploadConnector("csv")
            self.assertIsNone(connector.upload(name="sales", path=path, partition_size_mb=250))
            sent = [(r.method, r.path.split("?")[0]) for r in server.requests]
            self.assertEqual([("POST", "/v1/connectors/files/sales/uploads")]
                             + [("PUT", "/v1/connectors/files/sales/uploads/u-1/parts/%d" % n) for n in range(1, 6)]
                             + [("POST", "/v1/connectors/files/sales/uploads/u-1/complete")], sent)
            start = server.requests[0].json()
            self.assertEqual({"file_type": "csv", "total_bytes": self.SIZE}, start)
            part_sizes = [r.length for r in server.requests[1:6]]
            self.assertEqual([250 * MB] * 4 + [self.SIZE - 1000 * MB], part_sizes)
            self.assertEqual([str(n) for n in part_sizes], [r.headers["Content-Length"] for r in server.requests[1:6]])

    def test_parts_are_streamed_from_disk_without_holding_a_part_in_memory(self):
        with FakeServer(file_connector_answers) as server, SparseFile(self.SIZE, ".csv") as path:
            connector = streamsql.Client(server.url).FileUploadConnector("csv")
            tracemalloc.start()
            try:
                connector.upload(name="sales", path=path, partition_size_mb=250)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
            self.assertEqual(self.SIZE, sum(r.length for r in server.requests if "/parts/" in r.path))
            self.assertLess(peak, 32 * MB, "a 250 MB part must not be read into memory (peak %d bytes)" % peak)

    def test_auto_partition_false_on_a_file_over_one_gb_raises_value_error_before_sending_anything(self):
        with FakeServer(file_connector_answers) as server, SparseFile(self.SIZE, ".parquet") as path:
            connector = streamsql.Client(server.url).FileUploadConnector("parquet")
            with self.assertRaises(ValueError) as caught:
                connector.upload(name="transactions", path=path, auto_partition=False)
            self.assertIn("1 GB", str(caught.exception))
            self.assertEqual([], server.requests)

    def test_a_file_of_exactly_one_gb_is_sent_whole_in_one_put(self):
        with FakeServer(file_connector_answers) as server, SparseFile(ONE_GB, ".csv") as path:
            streamsql.Client(server.url).FileUploadConnector("csv").upload(name="sales", path=path, auto_partition=False)
            self.assertEqual(1, len(server.requests))
            self.assertEqual("PUT", server.requests[0].method)
            self.assertTrue(server.requests[0].path.startswith("/v1/connectors/files/sales?"))
            self.assertEqual(ONE_GB, server.requests[0].length)

    def test_a_file_type_that_does_not_match_the_connector_raises_value_error_before_sending(self):
        with FakeServer(file_connector_answers) as server, SparseFile(10, ".parquet") as path:
            with self.assertRaises(ValueError):
                streamsql.Client(server.url).FileUploadConnector("csv").upload(name="users", path=path)
            self.assertEqual([], server.requests)

    def test_a_failed_part_abandons_the_upload(self):
        def failing_second_part(recorded):
            if recorded.path.endswith("/parts/2"):
                return 503, {"error_code": "journal_unavailable", "message": "Cassandra unreachable"}
            return file_connector_answers(recorded)

        with FakeServer(failing_second_part) as server, SparseFile(3 * MB, ".csv") as path:
            client = streamsql.Client(server.url)
            with self.assertRaises(streamsql.StreamSQLError) as caught:
                client.files.upload_in_parts(path, "sales", file_type="csv", partition_size_mb=1)
            self.assertEqual("journal_unavailable", caught.exception.error_code)
            self.assertEqual(("DELETE", "/v1/connectors/files/sales/uploads/u-1"),
                             (server.requests[-1].method, server.requests[-1].path))
            self.assertFalse(any(r.path.endswith("/complete") for r in server.requests))


class ServerReadPaths(unittest.TestCase):
    def test_an_hdfs_path_is_handed_to_the_server_with_the_seed_arguments(self):
        with FakeServer(file_connector_answers) as server:
            streamsql.connect(server.url)
            try:
                streamsql.connector.upload_file("hdfs://data/users.csv", name="users", primary_key="id")
            finally:
                streamsql.set_default_client(None)
            self.assertEqual(1, len(server.requests))
            request = server.requests[0]
            self.assertEqual(("POST", "/v1/connectors/files"), (request.method, request.path))
            self.assertEqual({"name": "users", "path": "hdfs://data/users.csv", "file_type": "csv", "primary_key": "id",
                              "auto_partition": True, "partition_size_mb": 250}, request.json())

    def test_a_local_file_is_streamed_in_a_put_with_its_options(self):
        with FakeServer(file_connector_answers) as server, SparseFile(1000, ".csv") as path:
            streamsql.Client(server.url).connector.upload_file(path, name="users", primary_key="id", version=3,
                                                               columns={"id": "BIGINT", "name": "STRING"})
            request = server.requests[0]
            self.assertEqual("PUT", request.method)
            self.assertEqual("/v1/connectors/files/users?file_type=csv&primary_key=id&version=3"
                             "&columns=id+BIGINT%2C+name+STRING&auto_partition=true&partition_size_mb=250", request.path)
            self.assertEqual(1000, request.length)


class KafkaRequests(unittest.TestCase):
    def test_upload_kafka_posts_the_seed_arguments_and_returns_a_connector(self):
        with FakeServer(file_connector_answers) as server:
            connector = streamsql.Client(server.url).connector.upload_kafka(
                brokers=["localhost:9092"], name="transactions", format="json")
            self.assertIsInstance(connector, streamsql.KafkaConnector)
            self.assertEqual("transactions", connector.name)
            request = server.requests[0]
            self.assertEqual(("POST", "/v1/connectors/kafka"), (request.method, request.path))
            self.assertEqual({"name": "transactions", "brokers": ["localhost:9092"], "format": "json"}, request.json())
            connector.pause()
            connector.resume()
            connector.delete()
            self.assertEqual([("POST", "/v1/connectors/kafka/transactions/pause"),
                              ("POST", "/v1/connectors/kafka/transactions/resume"),
                              ("DELETE", "/v1/connectors/kafka/transactions")],
                             [(r.method, r.path) for r in server.requests[1:]])


class ApiKey(unittest.TestCase):
    def test_api_key_is_sent_as_a_bearer_token_and_omitted_without_one(self):
        with FakeServer(lambda r: (200, {"streams": []})) as server:
            streamsql.Client(server.url, api_key="s3cret").streams.list()
            streamsql.Client(server.url).streams.list()
            self.assertEqual("Bearer s3cret", server.requests[0].headers.get("Authorization"))
            self.assertNotIn("Authorization", server.requests[1].headers)


if __name__ == "__main__":
    unittest.main()
