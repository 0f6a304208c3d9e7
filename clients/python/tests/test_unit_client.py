"""Client logic that needs no server: URLs, keys, bodies, error parsing, part planning."""

import csv
import io
import json
import os
import socket
import tempfile
import unittest

import support  # noqa: F401  (puts the package on sys.path)

import streamsql
from streamsql.bodies import csv_text, encode_records
from streamsql.errors import error_from_response
from streamsql.files import file_type_of, is_server_path
from streamsql.partitioning import MB, ONE_GB, FileRange, needs_partitioning, plan_parts
from streamsql.transport import Transport, build_query, key_segment, path_segment


class UrlBuilding(unittest.TestCase):
    def test_query_string_leaves_out_none_and_writes_booleans_in_lowercase(self):
        self.assertEqual("?format=csv&follow=true", build_query({"format": "csv", "key_field": None, "follow": True}))
        self.assertEqual("", build_query({"version": None}))

    def test_path_segment_escapes_slashes_and_query_characters(self):
        self.assertEqual("a%2Fb%3Fc%20d", path_segment("a/b?c d"))

    def test_string_keys_are_sent_quoted_so_they_never_read_as_numbers(self):
        self.assertEqual("%22user1%22", key_segment("user1"))
        self.assertEqual("%221%22", key_segment("1"))
        self.assertEqual("1", key_segment(1))
        self.assertEqual("true", key_segment(True))
        with self.assertRaises(TypeError):
            key_segment({"id": 1})

    def test_transport_keeps_a_path_prefix_and_drops_a_trailing_slash(self):
        transport = Transport("http://example.com:9000/streamsql/")
        self.assertEqual("http://example.com:9000/streamsql", transport.base_url)
        self.assertEqual("/streamsql/v1/streams?limit=3", transport.target("/v1/streams", {"limit": 3}))

    def test_transport_accepts_host_port_without_scheme_and_refuses_other_schemes(self):
        self.assertEqual("http://localhost:8088", Transport("localhost:8088").base_url)
        with self.assertRaises(ValueError):
            Transport("ftp://localhost:8088")


class Bodies(unittest.TestCase):
    def test_one_event_and_a_list_become_ndjson_lines(self):
        self.assertEqual(b'{"key":"value"}\n', encode_records({"key": "value"}))
        self.assertEqual(b'{"a":1}\n{"a":2}\n', encode_records([{"a": 1}, {"a": 2}]))

    def test_text_is_sent_as_is(self):
        self.assertEqual(b"a,b\n1,2\n", encode_records("a,b\n1,2\n", format="csv"))

    def test_csv_of_dicts_names_every_key_and_quotes_commas_quotes_and_newlines(self):
        text = csv_text([{"id": 1, "note": 'say "hi", then\nleave'}, {"id": 2, "extra": True}])
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual([["id", "note", "extra"], ["1", 'say "hi", then\nleave', ""], ["2", "", "true"]], rows)

    def test_unknown_format_and_non_dict_records_are_refused(self):
        with self.assertRaises(ValueError):
            encode_records({"a": 1}, format="xml")
        with self.assertRaises(TypeError):
            encode_records([1, 2])


class ErrorParsing(unittest.TestCase):
    def test_native_error_shape_gives_code_message_status_and_details(self):
        body = json.dumps({"error_code": "malformed_record", "message": "Malformed JSON at line 3",
                           "details": {"line": 3, "column": 6}}).encode()
        error = error_from_response(400, body, "POST /v1/streams/s/events")
        self.assertIsInstance(error, streamsql.StreamSQLError)
        self.assertIsInstance(error, ValueError)
        self.assertEqual(("malformed_record", "Malformed JSON at line 3", 400, {"line": 3, "column": 6}),
                         (error.error_code, error.message, error.status, error.details))
        self.assertIn("malformed_record", str(error))

    def test_a_404_is_a_not_found_error_and_a_lookup_error(self):
        error = error_from_response(404, b'{"error_code":"stream_not_found","message":"No stream x"}', "GET x")
        self.assertIsInstance(error, streamsql.NotFoundError)
        self.assertIsInstance(error, LookupError)
        self.assertEqual({}, error.details)

    def test_a_409_is_a_conflict_error(self):
        error = error_from_response(409, b'{"error_code":"table_immutable","message":"sealed"}', "POST x")
        self.assertIsInstance(error, streamsql.ConflictError)

    def test_ksqldb_error_keeps_its_integer_code_and_other_fields_as_details(self):
        body = b'{"@type":"statement_error","error_code":40001,"message":"NOPE does not exist.","statementText":"SELECT"}'
        error = error_from_response(400, body, "POST /ksql")
        self.assertEqual(40001, error.error_code)
        self.assertEqual("statement_error", error.details["@type"])

    def test_a_body_that_is_not_json_is_quoted_in_the_message(self):
        error = error_from_response(502, b"<html>Bad gateway</html>", "GET http://h/v1/streams")
        self.assertIsNone(error.error_code)
        self.assertIn("HTTP 502", str(error))
        self.assertIn("Bad gateway", error.message)

    def test_an_unreachable_server_raises_server_unreachable_error(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        client = streamsql.Client("http://127.0.0.1:%d" % port, timeout=5)
        with self.assertRaises(streamsql.ServerUnreachableError) as caught:
            client.streams.list()
        self.assertIn("GET http://127.0.0.1:%d/v1/streams" % port, str(caught.exception))


class PartPlanning(unittest.TestCase):
    def test_parts_are_partition_size_mb_each_in_order_and_the_last_is_the_rest(self):
        parts = plan_parts(600 * MB + 5, partition_size_mb=250)
        self.assertEqual([(1, 0, 250 * MB), (2, 250 * MB, 250 * MB), (3, 500 * MB, 100 * MB + 5)],
                         [tuple(p) for p in parts])

    def test_parts_cover_every_byte_exactly_once(self):
        for total in (0, 1, MB - 1, MB, MB + 1, 7 * MB + 3):
            parts = plan_parts(total, partition_size_mb=1)
            self.assertEqual(total, sum(p.length for p in parts))
            self.assertEqual([p.offset for p in parts], [sum(q.length for q in parts[:i]) for i in range(len(parts))])

    def test_partition_size_must_be_a_positive_integer(self):
        for bad in (0, -1, 2.5, True):
            with self.assertRaises(ValueError):
                plan_parts(10, bad)

    def test_only_files_over_one_gb_are_partitioned(self):
        self.assertFalse(needs_partitioning(ONE_GB))
        self.assertTrue(needs_partitioning(ONE_GB + 1))

    def test_over_one_gb_without_auto_partition_is_a_value_error_named_file_too_large(self):
        self.assertFalse(needs_partitioning(ONE_GB, auto_partition=False))
        with self.assertRaises(ValueError) as caught:
            needs_partitioning(ONE_GB + 1, auto_partition=False)
        self.assertEqual("file_too_large", caught.exception.error_code)


class FileRanges(unittest.TestCase):
    def setUp(self):
        handle, self.path = tempfile.mkstemp()
        os.write(handle, bytes(range(256)) * 40)  # 10,240 bytes
        os.close(handle)

    def tearDown(self):
        os.remove(self.path)

    def test_a_range_yields_exactly_its_bytes_in_reads_of_at_most_max_read(self):
        with FileRange(self.path, 1000, 5000, max_read=1024) as body:
            chunks = []
            while True:
                chunk = body.read(1 << 30)  # asking for more never returns more than max_read
                if not chunk:
                    break
                chunks.append(chunk)
        self.assertTrue(all(len(c) <= 1024 for c in chunks))
        with open(self.path, "rb") as f:
            f.seek(1000)
            self.assertEqual(f.read(5000), b"".join(chunks))

    def test_a_file_shorter_than_its_range_is_an_error_not_a_short_part(self):
        with FileRange(self.path, 10000, 1000) as body:
            body.read(240)
            with self.assertRaises(IOError):
                body.read(1000)


class FileTypes(unittest.TestCase):
    def test_file_type_comes_from_the_extension_unless_given(self):
        self.assertEqual("csv", file_type_of("/data/users.CSV"))
        self.assertEqual("parquet", file_type_of("hdfs://nn:9000/data/tx.parquet"))
        self.assertEqual("csv", file_type_of("/data/users.txt", "csv"))
        with self.assertRaises(ValueError):
            file_type_of("/data/users.txt")
        with self.assertRaises(ValueError):
            file_type_of("/data/users.csv", "xlsx")

    def test_server_paths_are_file_http_https_and_hdfs_urls(self):
        for path in ("hdfs://data/users.csv", "file:///tmp/a.csv", "http://h/a.csv", "https://h/a.csv"):
            self.assertTrue(is_server_path(path), path)
        for path in ("/data/users.csv", "users.csv", "C:\\data\\users.csv"):
            self.assertFalse(is_server_path(path), path)


class DefaultClient(unittest.TestCase):
    def tearDown(self):
        streamsql.set_default_client(None)

    def test_default_client_comes_from_streamsql_url(self):
        old = os.environ.get("STREAMSQL_URL")
        os.environ["STREAMSQL_URL"] = "http://example.invalid:1234"
        try:
            streamsql.set_default_client(None)
            self.assertEqual("http://example.invalid:1234", streamsql.default_client().url)
        finally:
            if old is None:
                del os.environ["STREAMSQL_URL"]
            else:
                os.environ["STREAMSQL_URL"] = old

    def test_connect_returns_a_client_that_becomes_the_default(self):
        client = streamsql.connect("http://example.invalid:4321", api_key="k")
        self.assertIs(client, streamsql.default_client())
        self.assertEqual("k", client.transport.api_key)


if __name__ == "__main__":
    unittest.main()
