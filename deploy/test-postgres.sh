#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server for the test suite. It listens only on a Unix
# socket in its own /tmp folder, so it never clashes with a system server or another build.
#   deploy/test-postgres.sh start NAME   → prints nothing; writes the URI to /tmp/runform-pg-NAME/uri
#   deploy/test-postgres.sh restart NAME   → crash (immediate) and restart, data kept
#   deploy/test-postgres.sh crash NAME     → crash (immediate) and stay down, data kept
#   deploy/test-postgres.sh recover NAME   → start again after a crash, same data
#   deploy/test-postgres.sh stop NAME
# As root the server runs as the "postgres" user (PostgreSQL refuses to run as root).
set -euo pipefail

action=${1:?usage: test-postgres.sh start|restart|crash|recover|stop NAME}
name=${2:?usage: test-postgres.sh start|restart|crash|recover|stop NAME}
root=/tmp/runform-pg-$name

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
  echo "test-postgres: PostgreSQL server binaries not found; run deploy/install-deps.sh" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_server() {
  if [ -f "$root/data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" -D "$root/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}

case $action in
  start)
    stop_server
    rm -rf "$root"
    mkdir -p "$root/socket"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$root"; fi
    as_owner "$bindir/initdb" -D "$root/data" -U runform --auth=trust -E UTF8 >"$root/initdb.log" 2>&1 ||
      { cat "$root/initdb.log" >&2; exit 1; }
    # fsync stays on: the kill tests check durability for real.
    as_owner "$bindir/pg_ctl" -D "$root/data" -l "$root/server.log" -w \
      -o "-k $root/socket -c listen_addresses='' -c max_connections=200" start >/dev/null ||
      { cat "$root/server.log" >&2; exit 1; }
    as_owner "$bindir/createdb" -h "$root/socket" -U runform runform_test
    echo "postgresql:///runform_test?host=$root/socket&user=runform" >"$root/uri"
    chmod a+r "$root/uri"
    echo "test-postgres: server for '$name' ready at $root/socket"
    ;;
  restart)
    # A crash and recovery under running clients (-m immediate), same data: for the tests that
    # check hubs survive their database going away.
    as_owner "$bindir/pg_ctl" -D "$root/data" -l "$root/server.log" -m immediate -w restart \
      -o "-k $root/socket -c listen_addresses='' -c max_connections=200" >/dev/null ||
      { cat "$root/server.log" >&2; exit 1; }
    echo "test-postgres: server for '$name' restarted"
    ;;
  crash)
    # Down for as long as the test needs (an outage, not only a blip): clients meet a refused
    # socket until `recover`.
    as_owner "$bindir/pg_ctl" -D "$root/data" -m immediate -w stop >/dev/null ||
      { cat "$root/server.log" >&2; exit 1; }
    echo "test-postgres: server for '$name' crashed (down until recover)"
    ;;
  recover)
    as_owner "$bindir/pg_ctl" -D "$root/data" -l "$root/server.log" -w start \
      -o "-k $root/socket -c listen_addresses='' -c max_connections=200" >/dev/null ||
      { cat "$root/server.log" >&2; exit 1; }
    echo "test-postgres: server for '$name' recovered"
    ;;
  stop)
    stop_server
    echo "test-postgres: server for '$name' stopped"
    ;;
  *)
    echo "test-postgres: unknown action '$action' (use start, restart, crash, recover or stop)" >&2
    exit 2
    ;;
esac
