#!/usr/bin/env bash
# Installs every Debian 12 package SmartData's build, tests and app need. Idempotent: when all of
# them are there it does nothing (no apt-get update, no network). Run as root (or with sudo).
set -euo pipefail

packages=(
    # toolchain
    g++ cmake ninja-build pkg-config git ca-certificates
    # Qt 6.4 and the libraries the build links
    qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev qt6-translations-l10n
    libeigen3-dev libsodium-dev zlib1g-dev libsqlite3-dev libpq-dev
    # runtime plugins Debian only recommends: SQL drivers, platform plugins, image formats, fonts
    libqt6sql6-sqlite libqt6sql6-psql qt6-qpa-plugins libqt6svg6 fonts-dejavu-core
    # the tests: sqlite3 for comparisons; the PostgreSQL server the *_pg tests start a throw-away
    # cluster of (tests/pg/pg-cluster.sh)
    sqlite3 postgresql-15
    # packaging: cpack's .deb (dpkg-shlibdeps needs dpkg-dev and file) and the ctest checks of the
    # desktop file and the AppStream metainfo
    dpkg-dev file desktop-file-utils appstream
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages are installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        exec sudo "$0" "$@"
    fi
    echo "install-deps: these packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
