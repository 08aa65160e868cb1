#!/usr/bin/env bash
# Starts a throwaway PostgreSQL and Redis on private ports and sockets, runs the
# given command with DATABASE_URL and TEST_REDIS_URL pointing at them, then
# stops both and removes their data, whatever the command's outcome.
set -euo pipefail
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found (run: make test)" >&2; exit 2; }
workdir=$(mktemp -d /tmp/lms-test-services.XXXXXX)
chmod 755 "$workdir"
pg_port=${TEST_PG_PORT:-$((25000 + RANDOM % 10000))}
redis_port=${TEST_REDIS_PORT:-$((35000 + RANDOM % 10000))}
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb and pg_ctl refuse to run as root.
  chown postgres:postgres "$workdir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$workdir/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -n "${redis_pid:-}" ] && kill "$redis_pid" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$PG_BIN/initdb" -D "$workdir/pg" -U lms --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$workdir/pg" -l "$workdir/pg.log" -w \
  -o "-p $pg_port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >"$workdir/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

export DATABASE_URL="postgres://lms@127.0.0.1:$pg_port/lms"
export TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
export TEST_REDIS_PORT="$redis_port"
export TEST_SERVICES_DIR="$workdir"
"${as_pg[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U lms lms
set +e
"$@"
status=$?
set -e
exit $status
