"""Kafka connectors: sources feeding a stream from a topic, sinks exporting a stream to a topic."""

from .transport import path_segment

__all__ = ["KafkaConnector", "KafkaAPI", "SOURCES", "SINKS"]

SOURCES = "/v1/connectors/kafka"
SINKS = "/v1/connectors/kafka-sinks"


class KafkaConnector:
    """One Kafka source or sink connector; every call asks the server (nothing is cached)."""

    def __init__(self, transport, name, collection=SOURCES, info=None):
        self._transport = transport
        self.name = name
        self._collection = collection
        self.info = info or {}

    def __repr__(self):
        kind = "sink" if self._collection == SINKS else "source"
        return "KafkaConnector(%r, %s)" % (self.name, kind)

    @property
    def _path(self):
        return self._collection + "/" + path_segment(self.name)

    def status(self):
        """The connector's status: ``state`` (running|paused|failed), ``error``, per-partition lag…"""
        self.info = self._transport.request("GET", self._path)
        return self.info

    @property
    def state(self):
        """The current ``state`` (asks the server)."""
        return self.status().get("state")

    def pause(self):
        """Stops reading (or exporting) until :meth:`resume`."""
        return self._transport.request("POST", self._path + "/pause")

    def resume(self):
        """Continues from where it paused."""
        return self._transport.request("POST", self._path + "/resume")

    def delete(self):
        """Stops and removes the connector; the stream it fed stays."""
        return self._transport.request("DELETE", self._path)


class KafkaAPI:
    """Creates and finds Kafka connectors."""

    def __init__(self, transport):
        self._transport = transport

    def create_source(self, brokers, name, format="json", topic=None, key_format=None, columns=None,
                      retention_policy=None, partitions=None, properties=None):
        """Feeds stream ``name`` from ``topic`` (default ``name``), from its earliest offset, exactly once."""
        body = {"name": name, "brokers": _broker_list(brokers), "format": format, "topic": topic,
                "key_format": key_format, "columns": columns, "retention_policy": retention_policy,
                "partitions": partitions, "properties": properties}
        info = self._transport.request("POST", SOURCES, json_body={k: v for k, v in body.items() if v is not None})
        return KafkaConnector(self._transport, (info or {}).get("name", name), SOURCES, info)

    def create_sink(self, name, source, brokers, topic=None, from_="earliest", properties=None):
        """Exports stream (or table changelog) ``source`` to ``topic`` continuously, exactly once."""
        body = {"name": name, "source": source, "brokers": _broker_list(brokers), "topic": topic, "from": from_,
                "properties": properties}
        info = self._transport.request("POST", SINKS, json_body={k: v for k, v in body.items() if v is not None})
        return KafkaConnector(self._transport, (info or {}).get("name", name), SINKS, info)

    def get_source(self, name):
        """The Kafka source ``name``; :class:`NotFoundError` if unknown."""
        connector = KafkaConnector(self._transport, name, SOURCES)
        connector.status()
        return connector

    def get_sink(self, name):
        """The Kafka sink ``name``; :class:`NotFoundError` if unknown."""
        connector = KafkaConnector(self._transport, name, SINKS)
        connector.status()
        return connector

    def list_sources(self):
        """Every Kafka source connector with its status."""
        return _listed(self._transport.request("GET", SOURCES))

    def list_sinks(self):
        """Every Kafka sink connector with its status."""
        return _listed(self._transport.request("GET", SINKS))


def _broker_list(brokers):
    """``["host:port", …]`` from a list or one comma-separated string."""
    if isinstance(brokers, str):
        brokers = brokers.split(",")
    return [b.strip() for b in brokers if b and b.strip()]


def _listed(answer):
    if isinstance(answer, list):
        return answer
    if isinstance(answer, dict):
        for value in answer.values():
            if isinstance(value, list):
                return value
    return []
