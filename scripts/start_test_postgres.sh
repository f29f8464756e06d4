#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the persistence tests and print the line that points them
# at it:
#
#   eval "$(scripts/start_test_postgres.sh)"      # sets KRAFTSAMLA_TEST_DATABASE_URL
#   scripts/start_test_postgres.sh --stop         # stops the server again (data are kept)
#
# The server is a cluster of its own in $KRAFTSAMLA_PG_DIR (default /tmp/kraftsamla-test-postgres),
# owned by the `postgres` user when run as root, listening on 127.0.0.1 only (port
# $KRAFTSAMLA_PG_PORT, default 54329) and on a socket inside that folder. It runs with fsync off: test
# data only. A role `kraftsamla_test` (password generated once, may create databases: each test module
# makes its own) and a database `kraftsamla_test` are created.
#
# Idempotent: run it again and it reuses the cluster, starts it if it is stopped and prints the same
# line. PostgreSQL is installed with apt-get only when no initdb is found. Only the `export` line goes
# to stdout (it is also written to $KRAFTSAMLA_PG_DIR/env.sh); progress goes to stderr. The server is
# left running.
set -euo pipefail

PGDIR=$(realpath -m "${KRAFTSAMLA_PG_DIR:-/tmp/kraftsamla-test-postgres}")
PORT=${KRAFTSAMLA_PG_PORT:-54329}
ROLE=kraftsamla_test
DB=kraftsamla_test
DATA=$PGDIR/data
ENV_FILE=$PGDIR/env.sh
cd /  # the postgres user may not be allowed into the caller's folder

log() { echo "start_test_postgres: $*" >&2; }

find_bindir() {
  local dir
  # Debian keeps each major version's server programs in /usr/lib/postgresql/N/bin; newest first.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1; then
    dir=$(dirname "$(readlink -f "$(command -v initdb)")")
    if [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  fi
  return 1
}

if [ "$(id -u)" = 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

if [ "${1:-}" = "--stop" ]; then
  BINDIR=$(find_bindir) || { log "PostgreSQL is not installed"; exit 0; }
  if [ -s "$DATA/PG_VERSION" ] && as_pg "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    as_pg "$BINDIR/pg_ctl" -D "$DATA" -m fast -w stop >&2
  else
    log "no server running in $DATA"
  fi
  exit 0
fi

BINDIR=$(find_bindir || true)
if [ -z "$BINDIR" ]; then
  log "PostgreSQL not found; installing it with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  BINDIR=$(find_bindir) || { log "apt-get installed no initdb"; exit 1; }
fi
log "using $BINDIR"

if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  mkdir -p "$PGDIR"
  chown postgres: "$PGDIR"
else
  mkdir -p "$PGDIR"
fi
chmod 700 "$PGDIR"

# The role's password: made once, kept beside the cluster (readable by its owner only).
PWFILE=$PGDIR/password
if [ ! -s "$PWFILE" ]; then
  (umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24 > "$PWFILE")
fi
PASSWORD=$(cat "$PWFILE")

if [ ! -s "$DATA/PG_VERSION" ]; then
  log "creating a cluster in $DATA"
  as_pg "$BINDIR/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C >/dev/null
  cat >> "$DATA/postgresql.conf" <<EOF

# Kraftsamla test server (scripts/start_test_postgres.sh): local only, speed over durability.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$PGDIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
fi

if as_pg "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "server already running"
else
  log "starting the server on 127.0.0.1:$PORT"
  if ! as_pg "$BINDIR/pg_ctl" -D "$DATA" -l "$PGDIR/server.log" -w -t 60 start >/dev/null; then
    log "the server did not start; the end of $PGDIR/server.log:"
    tail -n 20 "$PGDIR/server.log" >&2 || true
    exit 1
  fi
fi

PORT=$(sed -n "s/^port = \([0-9]*\)$/\1/p" "$DATA/postgresql.conf" | tail -n 1)
psql_admin() {
  as_pg "$BINDIR/psql" -h "$PGDIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"
}
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" = 1 ]; then
  psql_admin -c "ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" >/dev/null
else
  psql_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'" >/dev/null
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE $DB OWNER $ROLE" >/dev/null
fi
# Check the way the tests will connect: TCP on 127.0.0.1 with the password.
PGPASSWORD=$PASSWORD "$BINDIR/psql" -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DB" -qAt -c "SELECT 1" >/dev/null

LINE="export KRAFTSAMLA_TEST_DATABASE_URL='postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB'"
echo "$LINE" > "$ENV_FILE"
log "ready; the line below is also in $ENV_FILE"
echo "$LINE"
