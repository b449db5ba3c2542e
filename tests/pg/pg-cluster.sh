#!/usr/bin/env bash
# Starts or stops the throw-away PostgreSQL cluster the *_pg tests run against.
#   pg-cluster.sh start STATE_DIR   initdb into a fresh folder under /tmp, start it on a free loopback
#                                   port, write its URL to STATE_DIR/url
#   pg-cluster.sh stop STATE_DIR    stop it and delete its folder
# When the server binaries are not installed, start says so and writes no URL: the *_pg tests then
# skip with that message. Durability is off (fsync, synchronous_commit): the cluster lives for one run.
set -euo pipefail

action=${1:?usage: pg-cluster.sh start|stop STATE_DIR}
state=${2:?usage: pg-cluster.sh start|stop STATE_DIR}
mkdir -p "$state"

bindir=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
        bindir=$candidate
        break
    fi
done

# initdb and postgres refuse to run as root: run them as an unprivileged account.
run() {
    if [ "$(id -u)" -eq 0 ]; then
        local account=postgres
        id "$account" >/dev/null 2>&1 || account=nobody
        runuser -u "$account" -- "$@"
    else
        "$@"
    fi
}

stop_cluster() {
    if [ -f "$state/datadir" ]; then
        local data
        data=$(cat "$state/datadir")
        # The cluster is $data/db (the folder also holds the socket and the logs). An immediate
        # stop takes a moment; on a loaded machine pg_ctl's own wait (60 s) could outlast the test's
        # timeout: wait 20 s, then kill what is left.
        if [ -n "$bindir" ] && [ -d "$data/db" ]; then
            local pid=""
            [ -f "$data/db/postmaster.pid" ] && pid=$(head -n 1 "$data/db/postmaster.pid")
            if ! run "$bindir/pg_ctl" -D "$data/db" -m immediate -w -t 20 stop >/dev/null 2>&1 \
                && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
                echo "pg-cluster: the postmaster ($pid) did not stop in 20 s; killing it" >&2
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
        case "$data" in /tmp/smartdata-pg.*) rm -rf "$data" ;; esac
        rm -f "$state/datadir"
    fi
    rm -f "$state/url"
}

case "$action" in
start)
    stop_cluster # a cluster left over by an interrupted run
    if [ -z "$bindir" ]; then
        echo "pg-cluster: PostgreSQL server binaries not found (Debian package postgresql-15):" \
             "the PostgreSQL half of the tests (*_pg) is skipped."
        exit 0
    fi
    if [ "$(id -u)" -eq 0 ]; then
        account=postgres
        id "$account" >/dev/null 2>&1 || account=nobody
        # A root folder of mode 700 (a chroot made by mktemp -d) keeps every other account out of
        # the whole system, the server binaries included; a normal system's / is 755.
        if ! runuser -u "$account" -- test -x "$bindir/initdb"; then
            echo "pg-cluster: the account $account cannot reach $bindir (/ is $(stat -c %a /)); making / searchable (o+x)"
            chmod o+x /
        fi
    fi
    data=$(mktemp -d /tmp/smartdata-pg.XXXXXX)
    echo "$data" >"$state/datadir"
    if [ "$(id -u)" -eq 0 ]; then
        chown "$account" "$data"
    fi
    run "$bindir/initdb" -D "$data/db" -U postgres --auth=trust -E UTF8 --no-locale >"$data/initdb.log" 2>&1 || {
        cat "$data/initdb.log" >&2
        exit 1
    }
    for attempt in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 40000))
        if run "$bindir/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
            -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
            start >/dev/null; then
            echo "postgresql://postgres@127.0.0.1:$port" >"$state/url"
            echo "pg-cluster: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($data)"
            exit 0
        fi
    done
    cat "$data/server.log" >&2 || true
    echo "pg-cluster: could not start PostgreSQL on a free port" >&2
    exit 1
    ;;
stop)
    stop_cluster
    echo "pg-cluster: stopped"
    ;;
*)
    echo "usage: pg-cluster.sh start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
