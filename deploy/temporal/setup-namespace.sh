#!/bin/sh
# One-shot job (temporalio/admin-tools), after the server is up: creates the namespace and
# Relance's custom search attributes (deploy/temporal/search-attributes.txt) when missing, so
# the Temporal UI can filter cases by tenant, status, stage, client, balance and due date.
# Safe to re-run. Reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_NAMESPACE_RETENTION.
set -eu
ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-720h}"
ATTRIBUTES="${SEARCH_ATTRIBUTES_FILE:-/deploy/search-attributes.txt}"

tries=0
until temporal operator cluster health --address "$ADDRESS" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "Temporal at $ADDRESS is not serving after 60 attempts" >&2
    exit 1
  fi
  sleep 2
done

if temporal operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1; then
  echo "namespace $NAMESPACE exists"
else
  temporal operator namespace create --address "$ADDRESS" --namespace "$NAMESPACE" --retention "$RETENTION"
  echo "namespace $NAMESPACE created (retention $RETENTION)"
fi

existing="$(temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE")"
grep -v '^#' "$ATTRIBUTES" | while read -r name type; do
  [ -n "$name" ] || continue
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" --name "$name" --type "$type"
    echo "search attribute $name ($type) created"
  fi
done
