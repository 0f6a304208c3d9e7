"""Shared helpers of the tests: the server under test, unique names, polling with a deadline."""

import os
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import streamsql  # noqa: E402


def server_client():
    """A client for ``$STREAMSQL_URL``; fails (never skips) when no server is named."""
    url = os.environ.get("STREAMSQL_URL")
    if not url:
        raise AssertionError(
            "these tests need a running StreamSQL server: set STREAMSQL_URL (e.g. http://localhost:8088); "
            "PythonClientIT starts one and runs them")
    client = streamsql.connect(url, api_key=os.environ.get("STREAMSQL_API_KEY") or None)
    client.health()
    return client


def unique(prefix):
    """A name no other test run uses: ``prefix_<8 hex>`` (valid for streams, tables and SQL)."""
    return "%s_%s" % (prefix, uuid.uuid4().hex[:8])


def poll_until(condition, timeout=15.0, interval=0.05, message="condition"):
    """Calls ``condition`` until it returns something truthy; that value, or AssertionError at the deadline."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = condition()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError("%s not reached within %.0f s (last: %r)" % (message, timeout, last))
        time.sleep(interval)
