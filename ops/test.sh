#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against a real Cassandra node that the
# test JVMs start from Maven Central jars (or reuse when one listens on 127.0.0.1:9042).
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B verify "$@"
