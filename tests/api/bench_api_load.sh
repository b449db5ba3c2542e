#!/usr/bin/env bash
# Load benchmark of the REST API with wrk (not a test: it prints figures). It prepares a database with
# one year of one metric through the API, starts `smartdata serve` on a loopback port, signs in and runs
#   (a) GET /api/metrics/daily for that year, authenticated, 50 connections   (goal: >= 15,000 req/s,
#       p99 < 10 ms, no errors);
#   (b) 60 s at 200 connections, reads mixed with small ingests (bench_api_mixed.lua), sampling the
#       server's VmRSS every second (goal: no errors, RSS within 10% of its value after the first 10 s).
# Usage: tests/api/bench_api_load.sh [path/to/smartdata]   (default build-release/app/smartdata)
# Environment: PORT (18573), DURATION_A (30s), DURATION_B (60s), THREADS (2), WORKERS (server --workers).
# Needs wrk, curl and python3. Each figure is printed with the load average: the machine may be shared.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
smartdata="$(realpath "${1:-$here/../../build-release/app/smartdata}")"
port="${PORT:-18573}"
threads="${THREADS:-2}"
base="http://127.0.0.1:$port"
work="$(mktemp -d /tmp/smartdata-bench.XXXXXX)"
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
server=""
cleanup() {
    [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || { echo "bench_api_load: $tool is needed" >&2; exit 2; }
done

serve_args=(serve --db "$work/bench.db" --port "$port")
[[ -n "${WORKERS:-}" ]] && serve_args+=(--workers "$WORKERS")
"$smartdata" "${serve_args[@]}" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do
    curl -sf "$base/api/health" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -sf "$base/api/health" >/dev/null || { echo "the server did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# The first signup is the admin; its token reads and ingests.
token="$(curl -sf -X POST -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","password":"Bench-Password-2025"}' "$base/api/auth/signup" | json "['access_token']")"
auth="Authorization: Bearer $token"

# One year of one metric: 24 events a day in 2025.
python3 - "$work/year.csv" <<'PY'
import datetime, sys
with open(sys.argv[1], "w") as f:
    f.write("timestamp,metric,value\n")
    day = datetime.date(2025, 1, 1)
    while day.year == 2025:
        for hour in range(24):
            f.write(f"{day.isoformat()}T{hour:02d}:15:00Z,requests,{(day.toordinal() * 7 + hour * 13) % 97 + 1}\n")
        day += datetime.timedelta(days=1)
PY
curl -sf -X POST -H "$auth" -H 'Content-Type: text/csv' --data-binary @"$work/year.csv" \
    "$base/api/ingest?source_name=bench" | json "['data']['inserted']" | sed 's/^/events inserted: /'
curl -sf -X POST -H "$auth" "$base/api/kpi/run?source_name=bench" >/dev/null
daily="$base/api/metrics/daily?source_name=bench&metric=requests&start_date=2025-01-01&end_date=2025-12-31"
rows="$(curl -sf -H "$auth" "$daily" | json "['data'].__len__()")"
bytes="$(curl -sf -H "$auth" "$daily" | wc -c)"
echo "GET /api/metrics/daily: $rows rows, $bytes bytes per reply"

# CPU seconds the server used (user + system): a figure that holds on a busy machine too.
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$server/stat"; }

echo
echo "== (a) GET /api/metrics/daily, 50 connections, ${DURATION_A:-30s}   [$(uptime | sed 's/.*load/load/')]"
curl -sf -H "$auth" "$daily" >/dev/null # warm
cpu_before="$(server_cpu)"
wrk -t"$threads" -c50 -d"${DURATION_A:-30s}" --latency -H "$auth" "$daily" | tee "$work/wrk_a.txt"
cpu_after="$(server_cpu)"
requests="$(awk '/requests in/ {print $1}' "$work/wrk_a.txt")"
python3 -c "print(f'server CPU: {$cpu_after - $cpu_before:.1f} s for $requests requests = {1e6 * ($cpu_after - $cpu_before) / max(1, $requests):.0f} us per request')"
echo "   [after: $(uptime | sed 's/.*load/load/')]"

echo
echo "== (b) mixed reads and small ingests, 200 connections, ${DURATION_B:-60s}   [$(uptime | sed 's/.*load/load/')]"
rss_log="$work/rss.log"
(
    start=$(date +%s.%N)
    while kill -0 "$server" 2>/dev/null; do
        rss=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null || true)
        echo "$(python3 -c "print(round($(date +%s.%N) - $start, 1))" 2>/dev/null) ${rss:-0}" >>"$rss_log"
        sleep 1
    done
) &
sampler=$!
TOKEN="$token" wrk -t"$threads" -c200 -d"${DURATION_B:-60s}" --latency -s "$here/bench_api_mixed.lua" "$base"
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
echo "   [after: $(uptime | sed 's/.*load/load/')]"
python3 - "$rss_log" <<'PY'
import sys
samples = [tuple(map(float, line.split())) for line in open(sys.argv[1]) if len(line.split()) == 2 and line.split()[0] != "None"]
samples = [(t, kb) for t, kb in samples if kb > 0]
if not samples:
    sys.exit("no VmRSS samples")
ref = next((kb for t, kb in samples if t >= 10.0), samples[-1][1])
peak = max(kb for _, kb in samples)
last = samples[-1][1]
worst = max(abs(kb - ref) for t, kb in samples if t >= 10.0) if any(t >= 10.0 for t, _ in samples) else 0
print(f"VmRSS: first {samples[0][1]/1024:.1f} MiB, at 10 s {ref/1024:.1f} MiB, peak {peak/1024:.1f} MiB, "
      f"last {last/1024:.1f} MiB; largest deviation after 10 s {100*worst/ref:.1f}% of the 10 s value")
print("VmRSS samples (s KiB):", " ".join(f"{t:.0f}:{kb:.0f}" for t, kb in samples))
PY
echo "server warnings/errors on stderr: $(grep -ci 'warn\|crit\|error' "$work/serve.err" || true)"
