"""Streams and events against the real server at $STREAMSQL_URL."""

import tempfile
import unittest

from support import server_client, unique

import streamsql


class Streams(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = server_client()

    def create(self, **kwargs):
        stream = self.client.source.create_stream(name=unique("py_stream"), **kwargs)
        self.addCleanup(self._delete, stream.name)
        return stream

    def _delete(self, name):
        try:
            self.client.source.delete_stream(name)
        except streamsql.NotFoundError:
            pass

    def test_create_stream_returns_a_stream_with_the_given_retention_and_partitions(self):
        stream = self.create(retention_policy="7d", partitions=2)
        self.assertIsInstance(stream, streamsql.Stream)
        self.assertEqual((2, "7d"), (stream.info["partitions"], stream.info["retention_policy"]))
        self.assertEqual(stream.name, self.client.source.get_stream(stream.name).name)
        self.assertIn(stream.name, [s["name"] for s in self.client.source.list_streams()])

    def test_upload_of_one_event_stores_it_with_numbers_exactly_as_written(self):
        stream = self.create(partitions=1)
        receipt = stream.upload({"key": "value", "n": 1.1}, format="json")
        self.assertEqual(1, receipt["records"])
        [record] = stream.read()
        self.assertEqual({"key": "value", "n": 1.1}, record["value"])
        self.assertIsInstance(record["timestamp"], int)

    def test_upload_of_a_list_stores_every_event_in_order_per_partition(self):
        stream = self.create(partitions=1)
        self.assertEqual(3, stream.upload([{"i": 0}, {"i": 1}, {"i": 2}])["records"])
        self.assertEqual([0, 1, 2], [r["value"]["i"] for r in stream.read()])
        self.assertEqual([0, 1, 2], [r["offset"] for r in stream])

    def test_csv_upload_turns_rows_into_objects_of_strings(self):
        stream = self.create(partitions=1)
        stream.upload('user,page\nann,"/a,b"\n', format="csv")
        stream.upload([{"user": "bob", "page": "/"}], format="csv")
        self.assertEqual([{"user": "ann", "page": "/a,b"}, {"user": "bob", "page": "/"}],
                         [r["value"] for r in stream.read()])

    def test_an_open_file_is_streamed_as_the_body(self):
        stream = self.create(partitions=1)
        with tempfile.TemporaryFile() as f:
            f.write(b"".join(b'{"i":%d}\n' % i for i in range(1000)))
            f.seek(0)
            self.assertEqual(1000, stream.upload(f)["records"])
        self.assertEqual(list(range(1000)), [r["value"]["i"] for r in stream.read()])

    def test_key_field_sets_the_record_key(self):
        stream = self.create(partitions=2)
        stream.upload([{"user": "ann"}, {"user": "ann"}], key_field="user")
        records = stream.read()
        self.assertEqual(["ann", "ann"], [r["key"] for r in records])
        self.assertEqual(1, len({r["partition"] for r in records}), "one key, one partition")

    def test_read_with_limit_and_partition_and_from_an_offset(self):
        stream = self.create(partitions=1)
        stream.upload([{"i": i} for i in range(5)])
        self.assertEqual([0, 1], [r["value"]["i"] for r in stream.read(limit=2)])
        self.assertEqual([3, 4], [r["value"]["i"] for r in stream.read(from_=3, partition=0)])

    def test_follow_yields_records_appended_after_reading_started(self):
        stream = self.create(partitions=1)
        stream.upload({"i": 0})
        follow = stream.records(from_="earliest", follow=True, timeout=30)
        try:
            self.assertEqual(0, next(follow)["value"]["i"])
            stream.upload({"i": 1})
            self.assertEqual(1, next(follow)["value"]["i"])
        finally:
            follow.close()

    def test_describe_counts_records(self):
        stream = self.create(partitions=1)
        stream.upload([{"a": 1}, {"a": 2}])
        self.assertEqual(2, stream.describe()["records"])

    def test_a_malformed_record_raises_with_its_line_and_what_was_appended(self):
        stream = self.create(partitions=1)
        with self.assertRaises(streamsql.StreamSQLError) as caught:
            stream.upload('{"a":1}\n{"a":2}\n{"a":x}\n', format="json")
        error = caught.exception
        self.assertEqual(("malformed_record", 400), (error.error_code, error.status))
        self.assertEqual(3, error.details["line"])
        self.assertEqual(2, error.details["appended"]["records"])

    def test_a_bad_record_early_in_a_large_upload_raises_the_servers_error(self):
        stream = self.create(partitions=1)
        body = b'{"a":1}\nnot json\n' + b'{"a":2}\n' * 2000000  # 16 MB after the bad line
        with self.assertRaises(streamsql.StreamSQLError) as caught:
            stream.upload(body)
        self.assertEqual(("malformed_record", 2), (caught.exception.error_code, caught.exception.details.get("line")))

    def test_an_unknown_stream_raises_not_found_with_its_code(self):
        with self.assertRaises(streamsql.NotFoundError) as caught:
            self.client.source.get_stream(unique("py_missing"))
        self.assertEqual(("stream_not_found", 404), (caught.exception.error_code, caught.exception.status))

    def test_creating_a_taken_name_raises_conflict(self):
        stream = self.create()
        with self.assertRaises(streamsql.ConflictError) as caught:
            self.client.source.create_stream(name=stream.name)
        self.assertEqual("stream_already_exists", caught.exception.error_code)

    def test_an_invalid_name_is_a_value_error_with_code_invalid_name(self):
        with self.assertRaises(ValueError) as caught:
            self.client.source.create_stream(name="1 not valid")
        self.assertEqual("invalid_name", caught.exception.error_code)

    def test_delete_frees_the_name(self):
        stream = self.create()
        stream.delete()
        with self.assertRaises(streamsql.NotFoundError):
            self.client.source.get_stream(stream.name)


if __name__ == "__main__":
    unittest.main()
