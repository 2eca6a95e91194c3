#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume
# (/docker-entrypoint-initdb.d): one login role and database(s) per service, so Temporal and
# Relance never share credentials. Passwords come from the container environment (compose: .env).
set -eu
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD is required}"
: "${RELANCE_DB_PASSWORD:?RELANCE_DB_PASSWORD is required}"

psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" -v relance_password="$RELANCE_DB_PASSWORD" <<'SQL'
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
CREATE ROLE relance LOGIN PASSWORD :'relance_password';
CREATE DATABASE relance OWNER relance;
SQL
