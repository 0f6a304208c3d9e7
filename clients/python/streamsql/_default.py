"""The default client behind the module-level functions, built on first use from the environment."""

import os
import threading

from .client import DEFAULT_URL, Client

__all__ = ["default_client", "set_default_client"]

_lock = threading.Lock()
_client = None


def default_client():
    """The client of ``streamsql.connect``, else one for ``$STREAMSQL_URL`` (``http://localhost:8088``)
    with ``$STREAMSQL_API_KEY`` if set."""
    global _client
    with _lock:
        if _client is None:
            _client = Client(os.environ.get("STREAMSQL_URL") or DEFAULT_URL,
                             api_key=os.environ.get("STREAMSQL_API_KEY") or None)
        return _client


def set_default_client(client):
    """Makes ``client`` the one module-level functions use (``None``: rebuild from the environment)."""
    global _client
    with _lock:
        _client = client
