"""The file connector (docs/connectors.md) against the real server at $STREAMSQL_URL.

Local files are uploaded by the client (PUT, or a multi-part upload); ``file://`` paths are read
by the server itself, which works here because the tests and the server share a machine.
"""

import csv
import functools
import http.server
import os
import shutil
import tempfile
import threading
import unittest

from parquet_fixture import write_parquet
from support import server_client, unique

import streamsql


class QuietFileHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the test's directory over HTTP (for the server to fetch), without logging."""

    def log_message(self, *args):
        pass


def write_csv(directory, name, header, rows):
    path = os.path.join(directory, name)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


class FileConnector(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = server_client()

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="streamsql-files-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def file_table_name(self):
        name = unique("py_file")
        self.addCleanup(self._delete, name)
        return name

    def _delete(self, name):
        try:
            self.client.connector.delete_file_table(name)
        except streamsql.NotFoundError:
            pass

    def users_csv(self, rows=(("1", "ann", "3.5"), ("2", "bob", "")), name="users.csv"):
        return write_csv(self.dir, name, ["id", "name", "score"], rows)

    def test_a_local_csv_with_a_primary_key_becomes_version_1_of_an_immutable_table_with_inferred_types(self):
        name = self.file_table_name()
        answer = streamsql.connector.upload_file(self.users_csv(), name=name, primary_key="id")
        self.assertEqual(name, answer["name"])
        table = streamsql.source.get_table(name)
        self.assertEqual([1], table.versions())
        self.assertEqual({"id": 1, "name": "ann", "score": 3.5}, table.get(1))
        self.assertEqual({"id": 2, "name": "bob", "score": None}, table.get(2))

    def test_uploading_the_same_name_again_creates_version_2_and_keeps_version_1(self):
        name = self.file_table_name()
        streamsql.connector.upload_file(self.users_csv(), name=name, primary_key="id")
        streamsql.connector.upload_file(self.users_csv(rows=[("1", "Ann", "4.0")], name="v2.csv"), name=name,
                                        primary_key="id")
        table = streamsql.source.get_table(name)
        self.assertEqual([1, 2], table.versions())
        self.assertEqual("Ann", table.get(1)["name"])
        self.assertEqual("ann", table.get(1, version=1)["name"])
        self.assertIsNone(table.get(2), "version 2 has only row 1")

    def test_an_explicit_version_must_be_newer(self):
        name = self.file_table_name()
        streamsql.connector.upload_file(self.users_csv(), name=name, primary_key="id", version=5)
        self.assertEqual([5], streamsql.source.get_table(name).versions())
        with self.assertRaises(streamsql.ConflictError):
            streamsql.connector.upload_file(self.users_csv(), name=name, primary_key="id", version=4)

    def test_without_a_primary_key_the_rows_are_appended_to_a_stream(self):
        name = self.file_table_name()
        streamsql.connector.upload_file(self.users_csv(), name=name)
        streamsql.connector.upload_file(self.users_csv(rows=[("3", "cy", "1")], name="more.csv"), name=name)
        values = [r["value"] for r in streamsql.source.get_stream(name).read()]
        self.assertEqual(["ann", "bob", "cy"], sorted(v["name"] for v in values))

    def test_declared_columns_refuse_a_value_that_does_not_fit_and_commit_nothing(self):
        name = self.file_table_name()
        path = write_csv(self.dir, "bad.csv", ["id", "n"], [("1", "7"), ("2", "seven")])
        with self.assertRaises(streamsql.StreamSQLError) as caught:
            streamsql.connector.upload_file(path, name=name, primary_key="id", columns={"id": "BIGINT", "n": "INT"})
        self.assertEqual("malformed_record", caught.exception.error_code)
        self.assertEqual(3, caught.exception.details.get("line"))
        try:
            versions = streamsql.source.get_table(name).versions()
        except streamsql.NotFoundError:
            versions = []
        self.assertEqual([], versions)

    def test_a_file_url_is_read_by_the_server(self):
        name = self.file_table_name()
        streamsql.connector.upload_file("file://" + self.users_csv(), name=name, primary_key="id")
        self.assertEqual("ann", streamsql.source.get_table(name).get(1)["name"])

    def test_an_http_url_is_fetched_by_the_server(self):
        name = self.file_table_name()
        path = self.users_csv()
        handler = functools.partial(QuietFileHandler, directory=self.dir)
        files = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=files.serve_forever, daemon=True).start()
        self.addCleanup(files.server_close)
        self.addCleanup(files.shutdown)
        url = "http://127.0.0.1:%d/%s" % (files.server_address[1], os.path.basename(path))
        streamsql.connector.upload_file(url, name=name, primary_key="id")
        self.assertEqual("bob", streamsql.source.get_table(name).get(2)["name"])

    def test_describe_lists_columns_rows_and_a_sample_and_names_lists_the_table(self):
        name = self.file_table_name()
        streamsql.connector.upload_file(self.users_csv(), name=name, primary_key="id")
        info = streamsql.connector.get_file_table(name)
        self.assertEqual(("csv", "immutable_table", 2), (info["file_type"], info["kind"], info["rows"]))
        self.assertEqual([{"name": "id", "type": "BIGINT"}, {"name": "name", "type": "STRING"},
                          {"name": "score", "type": "DOUBLE"}], info["columns"])
        self.assertEqual(2, len(info["sample"]))
        self.assertIn(name, streamsql.connector.file_table_names(file_type="csv"))
        self.assertNotIn(name, streamsql.connector.file_table_names(file_type="parquet"))

    def test_delete_removes_the_file_table_and_a_wrong_file_type_is_refused(self):
        name = self.file_table_name()
        streamsql.connector.upload_file(self.users_csv(), name=name, primary_key="id")
        with self.assertRaises(streamsql.StreamSQLError) as caught:
            streamsql.connector.delete_file_table(name, file_type="parquet")
        self.assertEqual(400, caught.exception.status)
        streamsql.connector.delete_file_table(name, file_type="csv")
        with self.assertRaises(streamsql.NotFoundError) as caught:
            streamsql.connector.get_file_table(name)
        self.assertEqual("file_table_not_found", caught.exception.error_code)

    def test_a_multi_part_upload_with_parts_cut_mid_line_loads_every_row(self):
        name = self.file_table_name()
        rows = [(str(i), "name-%d" % i, "%d.25" % i) for i in range(60000)]  # about 1.4 MB: two 1 MB parts
        path = self.users_csv(rows=rows, name="big.csv")
        self.assertGreater(os.path.getsize(path), 1024 * 1024)
        self.client.files.upload_in_parts(path, name, file_type="csv", partition_size_mb=1, primary_key="id")
        table = streamsql.source.get_table(name)
        self.assertEqual({"id": 0, "name": "name-0", "score": 0.25}, table.get(0))
        self.assertEqual({"id": 59999, "name": "name-59999", "score": 59999.25}, table.get(59999))
        self.assertEqual(60000, streamsql.connector.get_file_table(name)["rows"])

    def test_a_parquet_file_maps_its_types_and_becomes_a_table_version(self):
        name = self.file_table_name()
        path = write_parquet(os.path.join(self.dir, "users.parquet"),
                             {"id": [1, 2], "name": ["ann", "bob"], "score": [3.5, 1.0], "active": [True, False]})
        streamsql.connector.upload_file(path, name=name, primary_key="id")
        info = streamsql.connector.get_file_table(name)
        self.assertEqual(("parquet", 2), (info["file_type"], info["rows"]))
        self.assertEqual([{"name": "id", "type": "BIGINT"}, {"name": "name", "type": "STRING"},
                          {"name": "score", "type": "DOUBLE"}, {"name": "active", "type": "BOOLEAN"}], info["columns"])
        self.assertEqual({"id": 2, "name": "bob", "score": 1.0, "active": False},
                         streamsql.source.get_table(name).get(2))


class KumoFileUploadConnector(unittest.TestCase):
    """Kumo's FileUploadConnector calls, on CSV files."""

    @classmethod
    def setUpClass(cls):
        cls.client = server_client()

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="streamsql-kumo-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.connector = streamsql.FileUploadConnector(file_type="csv")

    def test_upload_then_has_table_table_names_indexing_and_delete(self):
        name = unique("py_kumo")
        path = write_csv(self.dir, "users.csv", ["id", "name"], [("1", "ann"), ("2", "bob")])
        self.assertIsNone(self.connector.upload(name=name, path=path))
        self.addCleanup(lambda: self.connector.has_table(name) and self.connector.delete(name, "csv"))
        self.assertTrue(self.connector.has_table(name))
        self.assertIn(name, self.connector.table_names())
        table = self.connector[name]
        self.assertIsInstance(table, streamsql.SourceTable)
        self.assertEqual((name, ["id", "name"], 2), (table.name, table.column_names, table.rows))
        self.assertEqual(2, len(table.sample))
        self.assertFalse(streamsql.FileUploadConnector(file_type="parquet").has_table(name))
        self.connector.delete(name=name, file_type="csv")
        self.assertFalse(self.connector.has_table(name))

    def test_table_of_an_unknown_name_raises_value_error(self):
        with self.assertRaises(ValueError):
            self.connector.table(unique("py_missing"))

    def test_delete_with_another_file_type_raises_value_error(self):
        with self.assertRaises(ValueError):
            self.connector.delete(name="anything", file_type="parquet")

    def test_name_and_source_type(self):
        self.assertEqual("file_upload_csv", self.connector.name)
        self.assertEqual(streamsql.DataSourceType.FILE_UPLOAD, self.connector.source_type)


if __name__ == "__main__":
    unittest.main()
