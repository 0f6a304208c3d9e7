"""Kafka source connectors (docs/connectors.md) against the real server at $STREAMSQL_URL.

No Kafka broker is needed: these tests check the connector's lifecycle (create, status, pause,
resume, delete) against a broker address nothing listens on, where it cannot read anything.
"""

import unittest

from support import poll_until, server_client, unique

import streamsql

NO_BROKER = ["127.0.0.1:1"]


class KafkaConnectors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = server_client()

    def create(self, **kwargs):
        name = unique("py_kafka")
        connector = streamsql.connector.upload_kafka(brokers=NO_BROKER, name=name, format="json", **kwargs)
        self.addCleanup(self._delete, connector)
        self.addCleanup(self._delete_stream, name)
        return connector

    def _delete(self, connector):
        try:
            connector.delete()
        except streamsql.NotFoundError:
            pass

    def _delete_stream(self, name):
        try:
            streamsql.source.delete_stream(name)
        except streamsql.NotFoundError:
            pass

    def test_upload_kafka_creates_a_connector_feeding_a_stream_of_its_name_from_the_topic_of_its_name(self):
        connector = self.create()
        self.assertIsInstance(connector, streamsql.KafkaConnector)
        status = connector.status()
        self.assertEqual((connector.name, connector.name, connector.name, NO_BROKER, "json"),
                         (status["name"], status["topic"], status["stream"], status["brokers"], status["format"]))
        self.assertIn(status["state"], ("running", "paused", "failed"))
        self.assertEqual(connector.name, streamsql.source.get_stream(connector.name).name)
        self.assertIn(connector.name, [c["name"] for c in streamsql.connector.list_kafka()])

    def test_pause_and_resume_change_its_state(self):
        connector = self.create(topic="elsewhere")
        connector.pause()
        poll_until(lambda: connector.state == "paused", message="state paused")
        connector.resume()
        poll_until(lambda: connector.state != "paused", message="state no longer paused")

    def test_delete_removes_the_connector_and_keeps_the_stream(self):
        connector = self.create()
        connector.delete()
        with self.assertRaises(streamsql.NotFoundError) as caught:
            streamsql.connector.get_kafka(connector.name)
        self.assertEqual("connector_not_found", caught.exception.error_code)
        self.assertEqual(connector.name, streamsql.source.get_stream(connector.name).name)

    def test_a_taken_name_is_a_conflict(self):
        connector = self.create()
        with self.assertRaises(streamsql.ConflictError) as caught:
            streamsql.connector.upload_kafka(brokers=NO_BROKER, name=connector.name, format="json")
        self.assertEqual("connector_already_exists", caught.exception.error_code)

    def test_an_unknown_connector_is_not_found(self):
        with self.assertRaises(streamsql.NotFoundError) as caught:
            streamsql.connector.get_kafka(unique("py_missing"))
        self.assertEqual("connector_not_found", caught.exception.error_code)


if __name__ == "__main__":
    unittest.main()
