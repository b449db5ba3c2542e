#!/usr/bin/env bash
# Writers wait their turn (not a test: it prints figures). With `smartdata serve` running on a SQLite
# database, it starts a CLI import of ROWS events (default 1,000,000) and, while it runs:
#   - signs in over and over (POST /api/auth/login) and counts failures        (goal: 0 fail)
#   - reads GET /api/metrics/daily with a token, timing each request            (goal: p99 < 50 ms)
#   - starts a second CLI import of another file and a third of the first file  (goal: both land:
#     the second waits for the first, says so, then imports; the third finds every row stored)
# Usage: tests/pipeline/bench_writers.sh [path/to/smartdata] [ROWS]   (default build/app/smartdata)
# Environment: PORT (18574). Needs curl and python3. Figures are printed with the load average.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
smartdata="$(realpath "${1:-$here/../../build/app/smartdata}")"
rows="${2:-1000000}"
port="${PORT:-18574}"
base="http://127.0.0.1:$port"
work="$(mktemp -d /tmp/smartdata-writers.XXXXXX)"
export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
db="$work/writers.db"
server=""
cleanup() {
    [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
for tool in curl python3; do
    command -v "$tool" >/dev/null || { echo "bench_writers: $tool is needed" >&2; exit 2; }
done

python3 - "$work/big.csv" "$work/other.csv" "$rows" <<'PY'
import sys
big, other, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(big, "w") as f:
    f.write("timestamp,metric,value,user_id\n")
    for i in range(rows):
        day = 1 + i % 28
        f.write(f"2025-03-{day:02d}T{(i // 28) % 24:02d}:{(i // 672) % 60:02d}:{(i // 40320) % 60:02d}Z,orders,{i % 97 + 1},u{i % 5000}\n")
with open(other, "w") as f:
    f.write("timestamp,metric,value\n")
    for i in range(50000):
        f.write(f"2025-04-{1 + i % 30:02d}T{(i // 30) % 24:02d}:{(i // 720) % 60:02d}:00Z,visits,{i % 13}\n")
PY

"$smartdata" serve --db "$db" --port "$port" >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do
    curl -sf "$base/api/health" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -sf "$base/api/health" >/dev/null || { echo "the server did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
credentials='{"email":"writer@example.com","password":"Writers-Bench-2025"}'
token="$(curl -sf -X POST -H 'Content-Type: application/json' -d "$credentials" "$base/api/auth/signup" | json "['access_token']")"
auth="Authorization: Bearer $token"
"$smartdata" ingest --db "$db" --source shop "$work/other.csv" >/dev/null # some days to read
daily="$base/api/metrics/daily?source_name=shop&metric=visits&start_date=2025-04-01&end_date=2025-04-30"
curl -sf -H "$auth" "$daily" >/dev/null

echo "== import of $rows rows with the API in use   [$(uptime | sed 's/.*load/load/')]"
start=$(date +%s.%N)
"$smartdata" ingest --db "$db" --source shop "$work/big.csv" >"$work/first.out" 2>"$work/first.err" &
first=$!
sleep 0.5
"$smartdata" ingest --db "$db" --source shop2 "$work/other.csv" >"$work/second.out" 2>"$work/second.err" &
second=$!
"$smartdata" ingest --db "$db" --source shop "$work/big.csv" >"$work/third.out" 2>"$work/third.err" &
third=$!

: >"$work/reads.txt"
: >"$work/logins.txt"
while kill -0 "$first" 2>/dev/null; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "$auth" "$daily" >>"$work/reads.txt" || echo "000 0" >>"$work/reads.txt"
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X POST -H 'Content-Type: application/json' -d "$credentials" \
        "$base/api/auth/login" >>"$work/logins.txt" || echo "000 0" >>"$work/logins.txt"
done
first_rc=0; wait "$first" || first_rc=$?
end=$(date +%s.%N)
second_rc=0; wait "$second" || second_rc=$?
third_rc=0; wait "$third" || third_rc=$?

python3 - "$work/reads.txt" "$work/logins.txt" "$start" "$end" "$rows" <<'PY'
import sys
def load(path):
    out = []
    for line in open(path):
        code, seconds = line.split()
        out.append((code, float(seconds) * 1000))
    return out
reads, logins = load(sys.argv[1]), load(sys.argv[2])
elapsed = float(sys.argv[4]) - float(sys.argv[3])
print(f"first import: {int(sys.argv[5]) / elapsed:,.0f} rows/s over {elapsed:.1f} s")
ok = sorted(ms for code, ms in reads if code == "200")
def pct(values, p):
    return values[min(len(values) - 1, int(p / 100 * len(values)))] if values else float("nan")
print(f"authenticated reads: {len(reads)}, failed {len(reads) - len(ok)}; p50 {pct(ok, 50):.1f} ms, p99 {pct(ok, 99):.1f} ms, max {max(ok) if ok else float('nan'):.1f} ms")
lok = sorted(ms for code, ms in logins if code == "200")
print(f"logins: {len(logins)}, failed {len(logins) - len(lok)} {sorted(set(c for c, _ in logins if c != '200'))}; p50 {pct(lok, 50):.1f} ms, p99 {pct(lok, 99):.1f} ms, max {max(lok) if lok else float('nan'):.1f} ms")
PY
echo "first import:  exit $first_rc: $(head -c 300 "$work/first.out")"
echo "second import: exit $second_rc: $(head -c 300 "$work/second.out")"
grep -i "waiting" "$work/second.err" | head -2 | sed 's/^/  says: /' || true
echo "third import:  exit $third_rc: $(head -c 300 "$work/third.out")"
"$smartdata" batches list --db "$db"
echo "   [after: $(uptime | sed 's/.*load/load/')]"
