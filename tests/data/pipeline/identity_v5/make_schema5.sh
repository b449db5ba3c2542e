#!/usr/bin/env bash
# Writes schema5.db: a database as SmartData at schema version 5 (commit 53036d2, before the identity
# by every column) leaves it after importing ratings.csv and flights.json. Run with that version's
# binary:   make_schema5.sh /path/to/old/build/app/smartdata
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
smartdata="$1"
rm -f "$here/schema5.db" "$here/schema5.db-wal" "$here/schema5.db-shm"
"$smartdata" ingest "$here/ratings.csv" --source movielens --map value=rating --db "$here/schema5.db"
"$smartdata" ingest "$here/flights.json" --source flights --db "$here/schema5.db"
# One file, no WAL beside it.
sqlite3 "$here/schema5.db" "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE; VACUUM;"
