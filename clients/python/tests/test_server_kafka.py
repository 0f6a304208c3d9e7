"""Kafka source connectors (docs/connectors.md) against the real server at $STREAMSQL_URL.

Refusals need no broker. The connector's life (records arriving, pause, resume, delete) needs
a Kafka broker and an existing topic holding the JSON messages ``{"n":1}``, ``{"n":2}``,
``{"n":3}``: ``KAFKA_BROKERS`` and ``KAFKA_TOPIC`` name them (PythonClientIT starts a broker and
fills such a topic when the Kafka test broker is on its classpath). Without them those tests
are reported as skipped, with that reason.
"""

import os
import unittest

from support import poll_until, server_client, unique

import streamsql

NO_BROKER = ["127.0.0.1:1"]
KAFKA_BROKERS = os.environ.get("KAFKA_BROKERS")
KAFKA_TOPIC = os.environ.get("KAFKA_TOPIC")
NEEDS_KAFKA = "needs a Kafka broker: set KAFKA_BROKERS and KAFKA_TOPIC (a topic holding {\"n\":1..3})"


def _forget(call, *args):
    try:
        call(*args)
    except streamsql.NotFoundError:
        pass


class KafkaRefusals(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = server_client()

    def test_unreachable_brokers_are_refused_and_nothing_is_created(self):
        name = unique("py_kafka")
        with self.assertRaises(streamsql.StreamSQLError) as caught:
            streamsql.connector.upload_kafka(brokers=NO_BROKER, name=name, format="json")
        self.assertEqual((400, "invalid_request"), (caught.exception.status, caught.exception.error_code))
        with self.assertRaises(streamsql.NotFoundError):
            streamsql.connector.get_kafka(name)

    def test_an_unknown_format_is_refused(self):
        with self.assertRaises(streamsql.StreamSQLError) as caught:
            streamsql.connector.upload_kafka(brokers=NO_BROKER, name=unique("py_kafka"), format="avro-nope")
        self.assertEqual(400, caught.exception.status)

    def test_an_unknown_connector_is_not_found(self):
        with self.assertRaises(streamsql.NotFoundError) as caught:
            streamsql.connector.get_kafka(unique("py_missing"))
        self.assertEqual("connector_not_found", caught.exception.error_code)


@unittest.skipUnless(KAFKA_BROKERS and KAFKA_TOPIC, NEEDS_KAFKA)
class KafkaConnectors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = server_client()

    def create(self):
        name = unique("py_kafka")
        connector = streamsql.connector.upload_kafka(brokers=KAFKA_BROKERS, name=name, topic=KAFKA_TOPIC, format="json")
        self.addCleanup(_forget, streamsql.source.delete_stream, name)
        self.addCleanup(_forget, connector.delete)
        return connector

    def stream_values(self, name):
        return sorted(r["value"]["n"] for r in streamsql.source.get_stream(name).read())

    def test_upload_kafka_feeds_a_stream_of_its_name_from_the_earliest_offset(self):
        connector = self.create()
        self.assertIsInstance(connector, streamsql.KafkaConnector)
        status = connector.status()
        self.assertEqual((connector.name, KAFKA_TOPIC, connector.name, "json"),
                         (status["name"], status["topic"], status["stream"], status["format"]))
        poll_until(lambda: self.stream_values(connector.name) == [1, 2, 3], timeout=60,
                   message="the topic's three messages in stream %s" % connector.name)
        self.assertIn(connector.name, [c["name"] for c in streamsql.connector.list_kafka()])

    def test_pause_and_resume_change_its_state(self):
        connector = self.create()
        connector.pause()
        poll_until(lambda: connector.state == "paused", message="state paused")
        connector.resume()
        poll_until(lambda: connector.state == "running", timeout=60, message="state running again")

    def test_delete_removes_the_connector_and_keeps_the_stream(self):
        connector = self.create()
        poll_until(lambda: self.stream_values(connector.name) == [1, 2, 3], timeout=60, message="records ingested")
        connector.delete()
        with self.assertRaises(streamsql.NotFoundError) as caught:
            streamsql.connector.get_kafka(connector.name)
        self.assertEqual("connector_not_found", caught.exception.error_code)
        self.assertEqual([1, 2, 3], self.stream_values(connector.name))

    def test_a_taken_name_is_a_conflict(self):
        connector = self.create()
        with self.assertRaises(streamsql.ConflictError) as caught:
            streamsql.connector.upload_kafka(brokers=KAFKA_BROKERS, name=connector.name, topic=KAFKA_TOPIC)
        self.assertEqual("connector_already_exists", caught.exception.error_code)


if __name__ == "__main__":
    unittest.main()
