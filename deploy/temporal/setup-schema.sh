#!/bin/sh
# One-shot job (temporalio/admin-tools): brings Temporal's two databases to the schema version
# of the pinned server image with Temporal's own temporal-sql-tool. Safe to re-run: setup-schema
# keeps an existing version and update-schema applies only what is missing, which is also how a
# server upgrade migrates (bump both image tags, `docker compose up`).
# Connection from the environment: SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD.
set -eu
SCHEMA_DIR=/etc/temporal/schema/postgresql/v12

until nc -z "$SQL_HOST" "$SQL_PORT"; do
  echo "waiting for PostgreSQL at $SQL_HOST:$SQL_PORT"
  sleep 1
done

for db in temporal:temporal temporal_visibility:visibility; do
  name="${db%%:*}"
  schema="${db##*:}"
  echo "schema of database $name"
  temporal-sql-tool --db "$name" setup-schema -v 0.0
  temporal-sql-tool --db "$name" update-schema -d "$SCHEMA_DIR/$schema/versioned"
done
echo "Temporal schema is up to date"
