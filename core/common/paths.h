#pragma once
// Where SmartData keeps its files. One place decides, so the desktop app, the command line and the
// API server always agree on the database and the logs.
//
//   data dir   QStandardPaths::AppDataLocation (~/.local/share/smartdata on Linux),
//              or $SMARTDATA_DATA_DIR, or the executable's folder in portable mode
//   database   <data dir>/smartdata.db unless --db or SMARTDATA_DB says otherwise
//   logs       <data dir>/logs/smartdata.jsonl (rotated by size)

#include <QString>

namespace Common {

struct LocationOptions final
{
    QString database;     // --db PATH|URL; empty = not given
    bool portable = false; // --portable
};

class AppPaths final
{
public:
    static void configure(const LocationOptions &options);

    static bool portable();
    static QString dataDir();
    static QString logDir();
    // The database location: --db, else $SMARTDATA_DB, else <data dir>/smartdata.db.
    static QString databaseLocation();

private:
    static LocationOptions &options();
};

} // namespace Common
