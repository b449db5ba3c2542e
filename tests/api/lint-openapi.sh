#!/usr/bin/env bash
# Lints the OpenAPI document the server serves (/api/openapi.json) with Redocly CLI (npm):
#   tests/api/lint-openapi.sh [path/to/smartdata]        (default: build/app/smartdata)
# Starts `smartdata serve` on a free port with a throw-away database and home, fetches the document
# (with the default CORS policy, and once with --cors-origin none), and runs
# `npx @redocly/cli lint` with tests/api/redocly.yaml. Exit 0 when there are no errors.
# Not part of ctest/CI: it needs npm and the network for the first npx download.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exe="${1:-$root/build/app/smartdata}"
[ -x "$exe" ] || { echo "no smartdata executable at $exe (build it, or pass its path)" >&2; exit 2; }
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

fetch() { # $1: output file, rest: extra serve options
    local out="$1"; shift
    HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" \
        "$exe" serve --port 0 --db "$work/lint.db" "$@" >"$work/serve.log" 2>&1 &
    pid=$!
    local port=""
    for _ in $(seq 1 100); do
        port="$(sed -n 's/.*Serving the SmartData API on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log")"
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { cat "$work/serve.log" >&2; exit 1; }
    curl -fsS "http://127.0.0.1:$port/api/openapi.json" -o "$out"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

fetch "$work/openapi.json"
fetch "$work/openapi-nocors.json" --cors-origin none
status=0
for doc in "$work/openapi.json" "$work/openapi-nocors.json"; do
    echo "== $(basename "$doc")"
    npx --yes @redocly/cli@2.77.0 lint --config "$here/redocly.yaml" "$doc" || status=1
done
exit $status
