#!/usr/bin/env bash
# Builds the SmartData .deb (Release, in its own build tree), checks it, installs it on this machine with
# apt-get (which pulls its Depends), runs the INSTALLED smartdata (--version, an ingest of the sample
# data into a temporary database, KPIs), then purges the package and checks nothing of it is left
# under /usr. Debian 12, as root (dpkg). Exit status 0 when every step passed.
#
#   packaging/test-deb.sh                 build tree build-pkg/ beside packaging/
#   BUILD_DIR=/tmp/b packaging/test-deb.sh
#   KEEP_INSTALLED=1 packaging/test-deb.sh    leave the package installed at the end
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build-pkg}"
sample="$root/resources/sample/sample-shop.csv"
app_id=io.smartdata.SmartData

step() { echo "[test-deb] $*"; }
fail() { echo "[test-deb] FAIL: $*" >&2; exit 1; }
trap 'echo "[test-deb] FAIL: line $LINENO: $BASH_COMMAND" >&2' ERR

[ "$(id -u)" -eq 0 ] || fail "run as root: it installs and removes a package with dpkg"
for tool in cmake cpack dpkg-deb dpkg-shlibdeps file apt-get; do
    command -v "$tool" >/dev/null || fail "$tool is missing (bash packaging/install-deps.sh)"
done

work="$(mktemp -d /tmp/smartdata-test-deb.XXXXXX)"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

# --- 1. Build the package -------------------------------------------------------------------------
step "configure $build (Release, no tests or benchmarks)"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DSMARTDATA_BUILD_TESTS=OFF -DSMARTDATA_BUILD_BENCHMARKS=OFF >"$work/configure.log" \
    || { cat "$work/configure.log"; fail "configure"; }
step "build"
nice cmake --build "$build" >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; fail "build"; }
step "cpack -G DEB"
rm -f "$build"/smartdata_*.deb
(cd "$build" && cpack -G DEB) >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack"; }
deb="$(ls "$build"/smartdata_*.deb)"
step "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

# --- 2. Check what is inside ----------------------------------------------------------------------
dpkg-deb --field "$deb" Package Version Architecture Section Depends Recommends | sed 's/^/[test-deb]   /'
depends="$(dpkg-deb --field "$deb" Depends)"
for needed in libc6 libqt6core6 libqt6sql6 libqt6widgets6 qt6-qpa-plugins libqt6sql6-sqlite libqt6sql6-psql; do
    grep -Eq "(^|, )$needed( |,|$)" <<<"$depends" || fail "Depends lacks $needed"
done
dpkg-deb --contents "$deb" | awk '{print $6}' | sed 's|^\./|/|' | grep -v '/$' | sort >"$work/files"
for path in /usr/bin/smartdata \
            "/usr/share/applications/$app_id.desktop" \
            "/usr/share/metainfo/$app_id.metainfo.xml" \
            /usr/share/mime/packages/smartdata.xml \
            /usr/share/icons/hicolor/scalable/apps/smartdata.svg \
            /usr/share/icons/hicolor/16x16/apps/smartdata.png \
            /usr/share/icons/hicolor/512x512/apps/smartdata.png; do
    grep -qx "$path" "$work/files" || fail "$path is not in the package"
done
step "$(wc -l <"$work/files") files, all under /usr: $(grep -cv '^/usr/' "$work/files" || true) elsewhere"
grep -qv '^/usr/' "$work/files" && fail "files outside /usr"

dpkg-deb --extract "$deb" "$work/tree"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$work/tree/usr/share/applications/$app_id.desktop" | tee "$work/dfv.log"
    [ -s "$work/dfv.log" ] && fail "desktop-file-validate has remarks"
    step "desktop-file-validate: ok"
fi
if command -v appstreamcli >/dev/null; then
    # validate-tree also checks that the metainfo, the desktop file and the icon belong together.
    # --no-net: the homepage and screenshot URLs are placeholders.
    appstreamcli validate-tree --no-net "$work/tree" | sed 's/^/[test-deb]   /'
    step "appstreamcli validate-tree: ok"
fi

# --- 3. Install ------------------------------------------------------------------------------------
if dpkg-query -W -f='${Status}' smartdata 2>/dev/null | grep -q 'ok installed'; then
    step "smartdata is installed already: purging it first"
    dpkg --purge smartdata >/dev/null
fi
# Everything of SmartData under /usr before the test, to compare after the purge.
find /usr -iname '*smartdata*' -print 2>/dev/null | sort >"$work/usr-before"
step "apt-get install $(basename "$deb")"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; fail "apt-get install"; }
dpkg-query -W -f='${Package} ${Version} ${Status}\n' smartdata | sed 's/^/[test-deb]   /'

# --- 4. Run the installed binary ------------------------------------------------------------------
binary="$(command -v smartdata)"
[ "$binary" = /usr/bin/smartdata ] || fail "smartdata on PATH is $binary, not the package's /usr/bin/smartdata"
# Its own home: the logs and settings of this run go to $work, not to root's home.
export HOME="$work/home" XDG_DATA_HOME="$work/home/share" XDG_CONFIG_HOME="$work/home/config"
unset SMARTDATA_DB
mkdir -p "$HOME"
version="$(smartdata --version)"
step "smartdata --version: $version"
expected_version="$(dpkg-query -W -f='${Version}' smartdata)"
grep -q "smartdata ${expected_version%-*} " <<<"$version" || fail "--version does not say ${expected_version%-*}"

database="$work/ingest-test.db"
step "smartdata ingest $(basename "$sample") --source sample-shop --db $database"
smartdata --json --db "$database" ingest "$sample" --source sample-shop >"$work/ingest.json" \
    || { cat "$work/ingest.json"; fail "ingest"; }
number() { grep -o "\"$1\": *[0-9]*" "$2" | head -1 | grep -o '[0-9]*$'; }
rows=$(($(wc -l <"$sample") - 1))
inserted="$(number inserted "$work/ingest.json")"
rejected="$(number rejected "$work/ingest.json")"
step "  $rows rows in the file: inserted $inserted, rejected $rejected"
if [ "$inserted" -le 0 ] || [ $((inserted + rejected)) -gt "$rows" ]; then
    fail "unexpected ingest result: $(cat "$work/ingest.json")"
fi
[ "$rejected" -eq 0 ] || fail "the sample data has rejected rows"

step "the same file again: everything is a duplicate"
smartdata --json --db "$database" ingest "$sample" --source sample-shop >"$work/again.json" || fail "second ingest"
[ "$(number inserted "$work/again.json")" -eq 0 ] || fail "the second ingest inserted rows"
[ "$(number duplicates "$work/again.json")" -eq "$inserted" ] || fail "the second ingest did not see $inserted duplicates"

smartdata --json --db "$database" db info >"$work/db.json" || fail "db info"
grep -qi sqlite "$work/db.json" || fail "db info does not say SQLite: $(cat "$work/db.json")"
smartdata --json --db "$database" kpi --source sample-shop --metric orders >"$work/kpi.json" || fail "kpi"
days="$(grep -c '"metric_date"' "$work/kpi.json" || true)"
step "kpi --source sample-shop --metric orders: $days daily rows"
[ "$days" -gt 0 ] || fail "no KPI rows: $(head -c 400 "$work/kpi.json")"

# The desktop integration the package's triggers set up.
if [ -x /usr/bin/update-mime-database ]; then
    [ -f /usr/share/mime/application/x-ndjson.xml ] || fail "the MIME database does not know application/x-ndjson"
    step "MIME database: application/x-ndjson (*.ndjson, *.jsonl) registered"
fi

# --- 5. Remove -------------------------------------------------------------------------------------
if [ -n "${KEEP_INSTALLED:-}" ]; then
    step "KEEP_INSTALLED: smartdata stays installed"
    step "PASS"
    exit 0
fi
step "dpkg --purge smartdata"
dpkg --purge smartdata >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg --purge"; }
dpkg-query -W -f='${Status}' smartdata 2>/dev/null | grep -q 'ok installed' && fail "smartdata is still installed"
left=0
while read -r path; do
    if [ -e "$path" ]; then
        echo "[test-deb]   left behind: $path"
        left=1
    fi
done <"$work/files"
find /usr -iname '*smartdata*' -print 2>/dev/null | sort >"$work/usr-after"
if ! diff -u "$work/usr-before" "$work/usr-after" >"$work/usr.diff"; then
    sed 's/^/[test-deb]   /' "$work/usr.diff"
    left=1
fi
[ -f /usr/share/mime/application/x-ndjson.xml ] && { echo "[test-deb]   left behind: the MIME type application/x-ndjson"; left=1; }
[ "$left" -eq 0 ] || fail "files are left under /usr after the purge"
step "purged: no file of the package is left under /usr"
step "PASS"
