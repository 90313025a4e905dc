#!/usr/bin/env bash
# Starts a local PostgreSQL server (Debian's packages) for the store's tests
# and prints the URI to export as SHORTLIST_TEST_POSTGRES:
#
#   export SHORTLIST_TEST_POSTGRES="$(scripts/start-test-postgres.sh)"
#
# Installs the server if missing; creates the role and database if missing.
# Listens on the loopback address only. Run as root (or with sudo).
set -euo pipefail

sudo=()
if ((EUID != 0)); then sudo=(sudo); fi

if ! command -v pg_lsclusters >/dev/null || [[ -z "$(pg_lsclusters -h 2>/dev/null)" ]]; then
  "${sudo[@]}" apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends postgresql >&2
fi

read -r version cluster _ <<<"$(pg_lsclusters -h | head -n 1)"
online() { [[ "$(pg_lsclusters -h | head -n 1 | awk '{print $4}')" == "online" ]]; }
if ! online; then
  # After an unclean shutdown the server recovers first, and pg_ctlcluster
  # may give up before it is ready: wait for it rather than fail at once.
  "${sudo[@]}" pg_ctlcluster "$version" "$cluster" start >&2 || true
  for _ in $(seq 60); do online && break; sleep 1; done
  online || { echo "the PostgreSQL server did not start" >&2; exit 1; }
fi
port="$(pg_lsclusters -h | head -n 1 | awk '{print $3}')"

as_postgres() {
  if ((EUID == 0)); then su postgres -c "$(printf '%q ' "$@")"; else sudo -u postgres "$@"; fi
}
psql_admin() { as_postgres psql -v ON_ERROR_STOP=1 -qtA -p "$port" "$@"; }

if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'shortlist'")" != "1" ]]; then
  psql_admin -c "CREATE ROLE shortlist LOGIN PASSWORD 'shortlist'" >&2
fi
if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'shortlist_test'")" != "1" ]]; then
  psql_admin -c "CREATE DATABASE shortlist_test OWNER shortlist" >&2
fi

echo "postgresql://shortlist:shortlist@127.0.0.1:${port}/shortlist_test"
