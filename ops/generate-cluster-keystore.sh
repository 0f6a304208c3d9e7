#!/usr/bin/env bash
# Generates the PKCS12 keystore that secures the cluster transport (Artery tls-tcp with mutual
# authentication). The same file goes to every node (STREAMSQL_CLUSTER_TLS_KEYSTORE) with its
# password (STREAMSQL_CLUSTER_TLS_PASSWORD): it is both the node key and the only trusted
# certificate, so it is the cluster's shared secret. Keep it out of version control.
#
# Usage: ops/generate-cluster-keystore.sh OUT.p12 [VALIDITY_DAYS]   (password from $STREAMSQL_CLUSTER_TLS_PASSWORD,
#        or generated and printed once on stderr)
set -euo pipefail
out="${1:?usage: $0 OUT.p12 [VALIDITY_DAYS]}"
days="${2:-825}"
password="${STREAMSQL_CLUSTER_TLS_PASSWORD:-}"
if [ -z "$password" ]; then
  password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=' )"
  echo "Generated keystore password (store it as STREAMSQL_CLUSTER_TLS_PASSWORD): $password" >&2
fi
if [ -e "$out" ]; then
  echo "$out exists; refusing to overwrite a cluster secret" >&2
  exit 1
fi
umask 077
# Passed through the environment so that it is not visible in the process list.
export STREAMSQL_KEYTOOL_PASSWORD="$password"
keytool -genkeypair -alias streamsql-cluster -keyalg RSA -keysize 3072 -validity "$days" \
  -dname "CN=streamsql-cluster" -storetype PKCS12 -keystore "$out" \
  -storepass:env STREAMSQL_KEYTOOL_PASSWORD -keypass:env STREAMSQL_KEYTOOL_PASSWORD
echo "Wrote $out (copy it to every node; mode 600)" >&2
