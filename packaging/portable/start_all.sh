#!/usr/bin/env bash
# Starts the SmartData API server (smartdata serve) in portable mode: the embedded SQLite database
# and the server's files live in data/ beside this script, so the whole folder can be moved or copied
# to another machine. Ctrl+C stops the server.
#
#   ./start_all.sh                      http://127.0.0.1:8000
#   ./start_all.sh --port 8080          any further `smartdata serve` options are passed on
#   SMARTDATA_HOST=0.0.0.0 SMARTDATA_PORT=9000 ./start_all.sh
#
# The smartdata executable: $SMARTDATA_BIN, else ./smartdata or ./bin/smartdata beside this script
# (the portable bundle), else the one on PATH (e.g. the .deb's /usr/bin/smartdata).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="$here/data"
database="$data/smartdata.db"
host="${SMARTDATA_HOST:-127.0.0.1}"
port="${SMARTDATA_PORT:-8000}"

find_smartdata() {
    if [ -n "${SMARTDATA_BIN:-}" ]; then
        echo "$SMARTDATA_BIN"
    elif [ -x "$here/smartdata" ] && [ ! -d "$here/smartdata" ]; then
        echo "$here/smartdata"
    elif [ -x "$here/bin/smartdata" ]; then
        echo "$here/bin/smartdata"
    else
        command -v smartdata || true
    fi
}
smartdata="$(find_smartdata)"
if [ -z "$smartdata" ] || [ ! -x "$smartdata" ]; then
    echo "[start_all] smartdata not found: put this script beside the smartdata executable (or its bin/)," >&2
    echo "[start_all] install the package, or set SMARTDATA_BIN=/path/to/smartdata." >&2
    exit 1
fi

mkdir -p "$data"
# --db names the database explicitly, so a SMARTDATA_DB in the environment cannot send the server
# elsewhere. SMARTDATA_DATA_DIR moves the logs, the JWT secret and scratch files into data/ too, in
# builds whose core/common/paths.cpp reads it (packaging/README.md, "Portable mode").
export SMARTDATA_DATA_DIR="$data"
unset SMARTDATA_DB

echo "[start_all] $("$smartdata" --version) from $smartdata"
echo "[start_all] database $database"
if [ ! -e "$database" ]; then
    echo "[start_all] first start: the database is created now. The API needs a user to sign in:"
    echo "[start_all]   \"$smartdata\" --db \"$database\" user add you@example.org --role admin"
fi
# The address the server will use: options given to this script win over the defaults.
shown_host="$host" shown_port="$port" previous=""
for arg in "$@"; do
    case "$previous" in --host) shown_host="$arg" ;; --port) shown_port="$arg" ;; esac
    case "$arg" in --host=*) shown_host="${arg#--host=}" ;; --port=*) shown_port="${arg#--port=}" ;; esac
    previous="$arg"
done
echo "[start_all] API on http://$shown_host:$shown_port (health: http://$shown_host:$shown_port/api/health); Ctrl+C stops it"

# exec: the server gets Ctrl+C and SIGTERM itself and shuts down cleanly.
exec "$smartdata" --db "$database" serve --host "$host" --port "$port" "$@"
