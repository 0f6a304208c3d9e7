"""SQL through /ksql, /query-stream and /inserts-stream against the real server at $STREAMSQL_URL."""

import unittest

from support import poll_until, server_client, unique

import streamsql


class Sql(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = server_client()

    def sql_stream(self, partitions=2):
        """A SQL stream ``(USER STRING KEY, PAGE STRING, MS BIGINT)``, dropped after the test."""
        name = unique("PY_VIEWS").upper()
        streamsql.sql("CREATE STREAM %s (user STRING KEY, page STRING, ms BIGINT) WITH "
                      "(kafka_topic='%s', partitions=%d, value_format='JSON');" % (name, name, partitions))
        self.addCleanup(streamsql.sql, "DROP STREAM IF EXISTS %s DELETE TOPIC;" % name)
        return name

    def test_sql_returns_one_entity_per_statement_that_has_one(self):
        name = self.sql_stream()
        entities = streamsql.sql("SHOW STREAMS; DESCRIBE %s;" % name)
        self.assertEqual(["streams", "sourceDescription"], [e["@type"] for e in entities])
        self.assertIn(name, [s["name"] for s in entities[0]["streams"]])

    def test_a_failing_statement_raises_with_ksqldb_code_and_message(self):
        missing = unique("PY_NOPE")
        with self.assertRaises(streamsql.StreamSQLError) as caught:
            streamsql.sql("DESCRIBE %s;" % missing)
        self.assertEqual((400, 40001), (caught.exception.status, caught.exception.error_code))
        self.assertIn(missing.upper(), caught.exception.message)

    def test_insert_stream_acks_every_row_in_order(self):
        name = self.sql_stream()
        acks = streamsql.insert_stream(name, [{"user": "ann", "page": "/docs", "ms": 3100},
                                              {"user": "bob", "page": "/", "ms": 5}])
        self.assertEqual([{"status": "ok", "seq": 0}, {"status": "ok", "seq": 1}], acks)

    def test_insert_stream_sends_rows_of_a_generator_and_acks_them_all(self):
        name = self.sql_stream()
        acks = streamsql.insert_stream(name, ({"user": "u%d" % i, "page": "/", "ms": i} for i in range(2000)))
        self.assertEqual(list(range(2000)), [a["seq"] for a in acks])

    def test_insert_stream_reads_acks_while_sending_so_300000_rows_do_not_stall(self):
        # docs/api.md: a client that reads acks only after sending stalls past ~258,000 rows.
        name = self.sql_stream()
        acks = streamsql.insert_stream(name, [{"user": "u%d" % (i % 100), "page": "/", "ms": i} for i in range(300000)],
                                       timeout=60)
        self.assertEqual(300000, len(acks))
        self.assertEqual({"status": "ok", "seq": 299999}, acks[-1])

    def test_insert_stream_raises_on_an_error_ack_naming_the_row(self):
        name = self.sql_stream()
        with self.assertRaises(streamsql.StreamSQLError) as caught:
            streamsql.insert_stream(name, [{"user": "ann", "page": "/", "ms": 1}, {"user": "bob", "ms": "x"}])
        self.assertEqual(1, caught.exception.details["seq"])
        self.assertEqual(40000, caught.exception.error_code)
        self.assertIn("BIGINT", caught.exception.message)

    def test_insert_stream_into_an_unknown_stream_raises_before_any_ack(self):
        with self.assertRaises(streamsql.StreamSQLError) as caught:
            streamsql.insert_stream(unique("PY_NOPE"), [{"user": "ann"}])
        self.assertEqual(400, caught.exception.status)
        self.assertIn("unknown stream", caught.exception.message)

    def test_query_stream_yields_rows_as_dicts_and_stops_at_its_limit(self):
        name = self.sql_stream()
        streamsql.insert_stream(name, [{"user": "ann", "page": "/docs", "ms": 1}, {"user": "bob", "page": "/", "ms": 2},
                                       {"user": "cy", "page": "/x", "ms": 3}])
        rows = streamsql.query_stream("SELECT USER, MS FROM %s EMIT CHANGES LIMIT 3;" % name,
                                      {"auto.offset.reset": "earliest"})
        self.assertEqual(["USER", "MS"], rows.columns)
        self.assertEqual(["STRING", "BIGINT"], rows.column_types)
        self.assertTrue(rows.query_id.startswith("transient_"))
        self.assertEqual({("ann", 1), ("bob", 2), ("cy", 3)}, {(r["USER"], r["MS"]) for r in rows})

    def test_a_push_query_from_latest_sees_rows_inserted_after_it_started(self):
        name = self.sql_stream()
        with streamsql.query_stream("SELECT * FROM %s EMIT CHANGES;" % name, timeout=60) as rows:
            streamsql.insert_stream(name, [{"user": "ann", "page": "/late", "ms": 7}])
            self.assertEqual({"USER": "ann", "PAGE": "/late", "MS": 7}, next(rows))

    def test_closing_a_push_query_ends_it_on_the_server(self):
        name = self.sql_stream()
        rows = streamsql.query_stream("SELECT * FROM %s EMIT CHANGES;" % name, timeout=60)
        query_id = rows.query_id

        def running_ids():
            return {q["id"] for e in streamsql.sql("SHOW QUERIES;") for q in e.get("queries", [])}

        poll_until(lambda: query_id in running_ids(), message="push query %s listed" % query_id)
        rows.close()
        poll_until(lambda: query_id not in running_ids(), message="push query %s ended" % query_id)

    def test_pull_query_returns_the_rows_of_a_select_without_emit_changes(self):
        name = self.sql_stream(partitions=1)
        streamsql.insert_stream(name, [{"user": "ann", "page": "/a", "ms": 1}, {"user": "bob", "page": "/b", "ms": 2}])
        self.assertEqual([{"USER": "bob", "PAGE": "/b"}],
                         streamsql.pull_query("SELECT USER, PAGE FROM %s WHERE MS > 1;" % name))

    def test_pull_query_refuses_a_push_query(self):
        with self.assertRaises(ValueError):
            streamsql.pull_query("SELECT * FROM X EMIT CHANGES;")

    def test_a_query_on_an_unknown_source_raises_at_once(self):
        with self.assertRaises(streamsql.StreamSQLError) as caught:
            streamsql.query_stream("SELECT * FROM %s EMIT CHANGES;" % unique("PY_NOPE"))
        self.assertEqual((400, 40001), (caught.exception.status, caught.exception.error_code))

    def test_a_client_of_its_own_works_like_the_module_functions(self):
        client = streamsql.Client(self.client.url)
        self.assertEqual("RUNNING", client.transport.request("GET", "/info")["KsqlServerInfo"]["serverStatus"])
        self.assertIsInstance(client.sql("SHOW STREAMS;"), list)


if __name__ == "__main__":
    unittest.main()
